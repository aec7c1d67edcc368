//! The list of every configuration problem found at start-up.

/// All problems, printed as `N configuration problems: a; b; c`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigErrors(pub Vec<String>);

impl std::fmt::Display for ConfigErrors {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let noun = if self.0.len() == 1 {
            "problem"
        } else {
            "problems"
        };
        write!(
            f,
            "{} configuration {noun}: {}",
            self.0.len(),
            self.0.join("; ")
        )
    }
}

impl std::error::Error for ConfigErrors {}
