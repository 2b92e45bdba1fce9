//! The create-form rules of SPEC §8, as pure functions shared by the CLI and
//! the forms. Lengths count characters, not bytes.

pub mod aitems;
pub mod dataforest;
pub mod dataforest_workspace;
pub mod ids;
pub mod nclue;
pub mod numbers;
pub mod rules;
pub mod warn;

use std::fmt;

/// A rule broken by one field. Displays as `field: message`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldError {
    /// The request-body field (`train_file_path`, `docker.image`).
    pub field: &'static str,
    /// What is wrong, in words.
    pub message: String,
}

impl FieldError {
    /// A new error on `field`.
    pub fn new(field: &'static str, message: impl Into<String>) -> Self {
        FieldError { field, message: message.into() }
    }
}

impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.field, self.message)
    }
}

/// Every broken rule of one input, in field order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Errors(pub Vec<FieldError>);

impl Errors {
    /// Records the error of a rule, if it failed, and returns its value.
    pub fn check<T>(&mut self, r: Result<T, FieldError>) -> Option<T> {
        match r {
            Ok(v) => Some(v),
            Err(e) => {
                self.0.push(e);
                None
            }
        }
    }

    /// Records the errors of a part checked on its own, if it failed.
    pub fn take<T>(&mut self, r: &Result<T, Errors>) {
        if let Err(e) = r {
            self.0.extend(e.0.iter().cloned());
        }
    }

    /// Records an error.
    pub fn push(&mut self, e: FieldError) {
        self.0.push(e);
    }

    /// The first error on `field`, if any.
    pub fn on(&self, field: &str) -> Option<&FieldError> {
        self.0.iter().find(|e| e.field == field)
    }

    /// True when no rule failed.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// `Ok(v)` when no rule failed.
    pub fn into_result<T>(self, v: impl FnOnce() -> Option<T>) -> Result<T, Errors> {
        if self.0.is_empty() {
            // Every checked value is Some when no error was recorded.
            v().ok_or(self)
        } else {
            Err(self)
        }
    }
}

impl fmt::Display for Errors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, e) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{e}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Errors {}
