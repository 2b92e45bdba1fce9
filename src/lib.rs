//! ncdash: a terminal dashboard and headless CLI for NAVER Cloud Platform's
//! machine-learning services (NCLUE, AiTEMS, DataForest).
//!
//! Layers, from the wire up: [`api`] (signing, the per-service scheduler,
//! typed calls), [`model`] (status enums and typed resources), [`validate`]
//! (the create-form rules), [`sim`] (the built-in simulator), [`cli`]
//! (headless commands) and [`config`] (credentials and endpoints).
//! [`connect`] is the composition root that wires them for the CLI and
//! the dashboard ([`tui`]).

// Input from a person or a server never panics the program: no unwrap, no
// panic! outside tests (as gitui and bottom do). Tests keep their unwraps.
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::panic))]

pub mod api;
pub mod app_bodies;
pub mod cli;
pub mod config;
pub mod connect;
pub mod dirs;
pub mod download;
pub mod files;
pub mod logbuf;
pub mod model;
pub mod notify;
pub mod resource;
pub mod sim;
pub mod text;
pub mod tui;
pub mod validate;
pub mod watch;
