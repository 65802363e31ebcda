//! Progress and messages: a spinner naming the running stage, on stderr only when it is
//! a terminal and `--quiet` was not given; stage summaries printed through [`say`] so
//! they appear above the spinner rather than through it.

use std::sync::Mutex;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

struct State {
    quiet: bool,
    bar: Option<ProgressBar>,
}

static STATE: Mutex<State> = Mutex::new(State {
    quiet: false,
    bar: None,
});

fn state() -> std::sync::MutexGuard<'static, State> {
    // A panic elsewhere must not stop messages: the state is plain data.
    STATE
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// `--quiet`: no spinner and no stage summaries (errors and warnings still print).
pub fn set_quiet(quiet: bool) {
    state().quiet = quiet;
}

/// Prints a line of a stage's summary to stdout, above any spinner.
pub fn say(line: &str) {
    let s = state();
    if s.quiet {
        return;
    }
    match &s.bar {
        Some(bar) => bar.suspend(|| println!("{line}")),
        None => println!("{line}"),
    }
}

/// The stages of a long job, shown one at a time with the step count and elapsed time.
pub struct Steps {
    total: u64,
    done: u64,
}

impl Steps {
    pub fn new(total: u64) -> Self {
        Steps { total, done: 0 }
    }

    /// Starts the next stage; the spinner runs until the next call or [`Steps::finish`].
    pub fn next(&mut self, what: &str) {
        self.done += 1;
        let mut s = state();
        if let Some(bar) = s.bar.take() {
            bar.finish_and_clear();
        }
        if s.quiet {
            return;
        }
        // Hidden unless stderr is a terminal: piped and redirected runs stay clean.
        let bar = ProgressBar::with_draw_target(Some(self.total), ProgressDrawTarget::stderr());
        bar.set_style(
            ProgressStyle::with_template("{spinner} [{pos}/{len}] {msg}  {elapsed}")
                .unwrap_or_else(|_| ProgressStyle::default_spinner()),
        );
        bar.set_position(self.done);
        bar.set_message(what.to_string());
        bar.enable_steady_tick(Duration::from_millis(120));
        s.bar = Some(bar);
    }

    pub fn finish(self) {
        if let Some(bar) = state().bar.take() {
            bar.finish_and_clear();
        }
    }
}
