//! Progress on long runs: how chatty the commands are, and progress bars (counts, rate, time left) on a terminal only.
//!
//! The command line sets the [`Verbosity`] once ([`set_verbosity`]); library code asks
//! [`verbosity`] and draws bars with [`Progress::start`]. A bar is drawn only when standard
//! error is a terminal and the run is not `--quiet`, so pipes, logs and CI see no escape codes.

use std::io::IsTerminal;
use std::sync::atomic::{AtomicU8, Ordering};
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// How much the commands print on standard error.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub enum Verbosity {
    /// Errors only: no summary lines, no progress bars.
    Quiet,
    /// Diagnostics, summary lines and progress bars (on a terminal).
    #[default]
    Normal,
    /// Also timings and what each stage did.
    Verbose,
}

static VERBOSITY: AtomicU8 = AtomicU8::new(1);

/// Sets how much the commands print (once, from the command line).
pub fn set_verbosity(v: Verbosity) {
    VERBOSITY.store(v as u8, Ordering::Relaxed);
}

/// How much the commands print.
pub fn verbosity() -> Verbosity {
    match VERBOSITY.load(Ordering::Relaxed) {
        0 => Verbosity::Quiet,
        1 => Verbosity::Normal,
        _ => Verbosity::Verbose,
    }
}

/// Whether summary lines are printed (not `--quiet`).
pub fn chatty() -> bool {
    verbosity() >= Verbosity::Normal
}

/// Whether progress bars are drawn: standard error is a terminal and the run is not quiet.
pub(crate) fn bars_enabled() -> bool {
    chatty() && std::io::stderr().is_terminal()
}

/// Prints how long a stage took (`  load and check 0.31 s`) under `--verbose`: the profile of
/// a run by stage, on standard error. Returns a fresh start for the next stage.
pub(crate) fn stage_done(what: &str, started: std::time::Instant) -> std::time::Instant {
    if verbosity() == Verbosity::Verbose {
        eprintln!("  {what} {:.2} s", started.elapsed().as_secs_f64());
    }
    std::time::Instant::now()
}

/// A progress bar over a known number of steps, hidden when [`bars_enabled`] is false.
#[derive(Debug)]
pub(crate) struct Progress {
    bar: ProgressBar,
}

impl Progress {
    /// Starts a bar of `total` steps named `what` (such as `evaluating`).
    pub(crate) fn start(what: &str, total: u64) -> Progress {
        let bar = if bars_enabled() {
            let bar = ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::stderr());
            let style = ProgressStyle::with_template(
                "{prefix:>12} [{bar:30}] {pos}/{len} {per_sec} ({eta} left) {msg}",
            )
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> ");
            bar.set_style(style);
            bar.set_prefix(what.to_string());
            bar.enable_steady_tick(Duration::from_millis(200));
            bar
        } else {
            ProgressBar::hidden()
        };
        Progress { bar }
    }

    /// Advances by `n` steps.
    pub(crate) fn advance(&self, n: u64) {
        self.bar.inc(n);
    }

    /// Removes the bar from the terminal.
    pub(crate) fn finish(&self) {
        self.bar.finish_and_clear();
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        if !self.bar.is_finished() {
            self.bar.finish_and_clear();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn verbosity_round_trips_and_quiet_hides_bars() {
        set_verbosity(Verbosity::Quiet);
        assert_eq!(verbosity(), Verbosity::Quiet);
        assert!(!chatty());
        assert!(!bars_enabled());
        set_verbosity(Verbosity::Verbose);
        assert_eq!(verbosity(), Verbosity::Verbose);
        assert!(chatty());
        set_verbosity(Verbosity::Normal);
        assert_eq!(verbosity(), Verbosity::Normal);
    }
}
