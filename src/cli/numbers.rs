//! Value parsers of every numeric flag: each checks range and finiteness
//! and names the flag and its range, so `--every inf` or `--cpu -1` gets a
//! rule, not a panic or clap's bare refusal.

use crate::validate::numbers::Range;

/// A parser of a whole number from `min` to `max` for `flag`.
pub fn whole(
    flag: &'static str,
    min: u64,
    max: u64,
) -> impl Fn(&str) -> Result<u64, String> + Clone + Send + Sync + 'static {
    move |s: &str| match s.trim().parse::<u64>() {
        Ok(n) if (min..=max).contains(&n) => Ok(n),
        _ => Err(format!("{flag} must be an integer from {min} to {max}")),
    }
}

/// A parser of `flag` over a create field's [`Range`]: the form, the
/// `--file` body and the flag refuse the same values.
pub fn within(flag: &'static str, r: Range) -> impl Fn(&str) -> Result<u64, String> + Clone + Send + Sync + 'static {
    whole(flag, r.min, r.max)
}

/// A parser of a finite number from `min` to `max` (of `unit`) for `flag`.
pub fn number(
    flag: &'static str,
    unit: &'static str,
    min: f64,
    max: f64,
) -> impl Fn(&str) -> Result<f64, String> + Clone + Send + Sync + 'static {
    move |s: &str| match s.trim().parse::<f64>() {
        Ok(n) if n.is_finite() && (min..=max).contains(&n) => Ok(n),
        _ => Err(format!("{flag} must be a number{unit} from {min} to {max}")),
    }
}

/// Largest `--index`: the APIs read it as a 32-bit integer.
pub const INDEX_MAX: u64 = i32::MAX as u64;
/// Largest `--limit` of a list: the most items one listing prints.
pub const LIST_LIMIT_MAX: u64 = 1_000_000;
/// Largest `--timeout` of `wait`, in seconds: a week.
pub const TIMEOUT_MAX: f64 = 7.0 * 24.0 * 3600.0;
/// Largest `--every` of `wait`, in seconds.
pub const EVERY_MAX: f64 = 3600.0;
/// Smallest `--every`: faster polling only spends the rate budget.
pub const EVERY_MIN: f64 = 0.05;
/// Speeds of the simulated clock.
pub const SPEED_MIN: f64 = 0.01;
/// Fastest simulated clock.
pub const SPEED_MAX: f64 = 10_000.0;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_number_errors_name_the_flag_with_its_range() {
        let p = within("--cpu", crate::validate::numbers::CPU_COUNT);
        assert_eq!(p("4"), Ok(4));
        assert_eq!(p("-1").unwrap_err(), "--cpu must be an integer from 0 to 1024");
        assert!(p("1025").is_err() && p("1.5").is_err() && p("").is_err());
        let gpu = within("--gpu", crate::validate::numbers::GPU_COUNT);
        assert_eq!(gpu("8"), Ok(8));
        assert_eq!(gpu("9").unwrap_err(), "--gpu must be an integer from 1 to 8");
    }

    #[test]
    fn numbers_are_finite() {
        let p = number("--every", " of seconds", EVERY_MIN, EVERY_MAX);
        assert_eq!(p("0.2"), Ok(0.2));
        for bad in ["inf", "-inf", "nan", "NaN", "-1", "0", "3601", "1e999"] {
            assert_eq!(p(bad).unwrap_err(), "--every must be a number of seconds from 0.05 to 3600", "{bad}");
        }
    }
}
