//! The ranges of the whole numbers a person types into a create (the AI app
//! form, an `apps submit` body or flag): one range per number, so the form,
//! `--file` and the flags refuse the same values and say the same range.
//!
//! The GPU count is the vendor's (the AiAppResource datatype page gives
//! `gpuCount` 1 to 8); the TCP port range is what a port is (no page gives one). Of CPUs and memory
//! the pages say no more than "non-negative integers": those ceilings are
//! this project's, so that a slip such as `40960` CPUs is caught here, not by
//! the cluster.

use super::FieldError;

/// The allowed whole numbers of one field, and how messages name it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Range {
    /// The request-body field (`resource.gpuCount`).
    pub field: &'static str,
    /// The field in words, as messages and the form name it (`GPU count`).
    pub label: &'static str,
    /// The smallest value allowed.
    pub min: u64,
    /// The largest value allowed.
    pub max: u64,
}

/// CPUs of an AI app: non-negative (SPEC §8); the ceiling is ours.
pub const CPU_COUNT: Range = Range { field: "resource.cpuCount", label: "CPU count", min: 0, max: 1024 };
/// GPUs of an AI app: 1 to 8 (the AiAppResource datatype page).
pub const GPU_COUNT: Range = Range { field: "resource.gpuCount", label: "GPU count", min: 1, max: 8 };
/// Memory of an AI app in MB: non-negative (SPEC §8); the ceiling (16 TiB) is ours.
pub const MEMORY_MB: Range = Range { field: "resource.memoryMb", label: "Memory (MB)", min: 0, max: 16 * 1024 * 1024 };
/// One exposed TCP port: 1 to 65535 (SPEC §8; no vendor page gives a range).
pub const TCP_PORT: Range = Range { field: "docker.exposeTcpPorts", label: "TCP port", min: 1, max: 65535 };

impl Range {
    /// The range in words: `1 to 8`.
    pub fn span(&self) -> String {
        format!("{} to {}", self.min, self.max)
    }

    /// The refusal of `typed`, naming the field and the range.
    pub fn refusal(&self, typed: &str) -> FieldError {
        let typed = typed.trim();
        let m = if typed.is_empty() {
            format!("{} is required: a whole number from {}", self.label, self.span())
        } else {
            format!("{} must be a whole number from {} (is '{}')", self.label, self.span(), typed.escape_debug())
        };
        FieldError::new(self.field, m)
    }

    /// The number typed, when it is a whole number in the range; leading and
    /// trailing blanks are ignored, anything else (a sign, a point, an
    /// exponent, digits past `u64`) is refused.
    pub fn check(&self, typed: &str) -> Result<u64, FieldError> {
        match typed.trim().parse::<u64>() {
            Ok(n) if (self.min..=self.max).contains(&n) => Ok(n),
            _ => Err(self.refusal(typed)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_bound_takes_its_ends_but_refuses_one_past() {
        for r in [CPU_COUNT, GPU_COUNT, MEMORY_MB, TCP_PORT] {
            assert_eq!(r.check(&r.min.to_string()), Ok(r.min), "{}", r.label);
            assert_eq!(r.check(&r.max.to_string()), Ok(r.max), "{}", r.label);
            assert!(r.check(&(r.max + 1).to_string()).is_err(), "{}", r.label);
            if r.min > 0 {
                assert!(r.check(&(r.min - 1).to_string()).is_err(), "{}", r.label);
            }
        }
    }

    #[test]
    fn the_message_names_the_field_with_its_range() {
        let e = GPU_COUNT.check("9").unwrap_err();
        assert_eq!(e.field, "resource.gpuCount");
        assert_eq!(e.message, "GPU count must be a whole number from 1 to 8 (is '9')");
        assert_eq!(
            CPU_COUNT.check("1025").unwrap_err().message,
            "CPU count must be a whole number from 0 to 1024 (is '1025')"
        );
        assert_eq!(
            MEMORY_MB.check("16777217").unwrap_err().message,
            "Memory (MB) must be a whole number from 0 to 16777216 (is '16777217')"
        );
        assert_eq!(
            TCP_PORT.check("0").unwrap_err().message,
            "TCP port must be a whole number from 1 to 65535 (is '0')"
        );
        assert_eq!(GPU_COUNT.check(" ").unwrap_err().message, "GPU count is required: a whole number from 1 to 8");
    }

    #[test]
    fn only_plain_whole_numbers_pass() {
        for bad in ["-1", "1.5", "1e3", "+-1", "inf", "NaN", "0x10", "18446744073709551616", "4 096"] {
            assert!(MEMORY_MB.check(bad).is_err(), "{bad}");
        }
        assert_eq!(GPU_COUNT.check(" 8 "), Ok(8));
    }
}
