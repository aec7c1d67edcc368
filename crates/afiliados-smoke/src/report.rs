//! The output: one line per step, `PASS`/`FAIL`/`SKIP`, its number and name, what was seen or
//! why it failed, and its time.

use std::time::Duration;

use crate::steps::Step;

/// How a step ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Passed, with what it saw.
    Pass(String),
    /// Failed, with the reason.
    Fail(String),
    /// Not run: the step with this number failed first.
    Skip(usize),
}

/// One output line.
pub fn line(step: Step, outcome: &Outcome, took: Duration) -> String {
    let n = step.number();
    let title = step.title();
    let ms = took.as_millis();
    match outcome {
        Outcome::Pass(detail) => format!("PASS  {n} {title:<27} {detail}  {ms} ms"),
        Outcome::Fail(reason) => format!("FAIL  {n} {title}: {reason}  {ms} ms"),
        Outcome::Skip(failed) => format!("SKIP  {n} {title} (not run: step {failed} failed)"),
    }
}

/// The closing line.
pub fn summary(outcomes: &[Outcome], total: Duration) -> String {
    let passed = outcomes
        .iter()
        .filter(|o| matches!(o, Outcome::Pass(_)))
        .count();
    let failed = outcomes.iter().find_map(|o| match o {
        Outcome::Skip(n) => Some(*n),
        _ => None,
    });
    let seconds = total.as_secs_f64();
    match failed {
        None if passed == outcomes.len() => {
            format!("smoke: all {passed} steps passed in {seconds:.1} s")
        }
        Some(n) => {
            format!("smoke: FAILED at step {n}; {passed} passed, the rest not run ({seconds:.1} s)")
        }
        None => format!("smoke: FAILED at the last step; {passed} passed ({seconds:.1} s)"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_read_as_the_brief_shows() {
        let pass = line(
            Step::AdminDashboard,
            &Outcome::Pass("2 top influencers".into()),
            Duration::from_millis(123),
        );
        assert!(pass.starts_with("PASS  3 admin dashboard "), "{pass}");
        assert!(pass.ends_with("2 top influencers  123 ms"), "{pass}");
        let fail = line(
            Step::Health,
            &Outcome::Fail("cannot connect".into()),
            Duration::from_millis(4),
        );
        assert_eq!(fail, "FAIL  1 api health: cannot connect  4 ms");
        let skip = line(Step::Alerts, &Outcome::Skip(1), Duration::ZERO);
        assert_eq!(skip, "SKIP  7 alerts (not run: step 1 failed)");
        let outcomes = [Outcome::Fail("x".into()), Outcome::Skip(1)];
        assert!(summary(&outcomes, Duration::from_secs(1)).contains("FAILED at step 1"));
    }
}
