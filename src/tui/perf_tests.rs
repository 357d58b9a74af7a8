//! How long a keystroke takes to become a frame at 10,000 credentials
//! (issue 7 wants < 2 ms). Prints figures, asserts nothing about time:
//! `cargo test --lib tui::perf_tests -- --ignored --nocapture`.

use std::time::{Duration, Instant};

use crossterm::event::KeyCode;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

use crate::tui::msg::Msg;
use crate::tui::testing::*;
use crate::tui::update::update;
use crate::tui::view::view;

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

#[test]
#[ignore = "prints timings; run on demand"]
fn keystroke_to_frame_at_10000_credentials() {
    for (width, height) in [(80, 24), (200, 60)] {
        let mut model = logged_in(width, height);
        let many = (0..10_000)
            .map(|i| credential(&format!("credential-{i:05}"), Some(i % 400 - 50)))
            .collect();
        model.table.set_items(many);
        let mut terminal = match Terminal::new(TestBackend::new(width, height)) {
            Ok(t) => t,
            Err(e) => panic!("{e}"),
        };
        let mut time = |code: KeyCode| {
            let start = Instant::now();
            update(&mut model, Msg::Key(key(code)));
            if let Err(e) = terminal.draw(|f| view(&model, f)) {
                panic!("{e}");
            }
            start.elapsed()
        };
        let moves: Vec<Duration> = (0..200).map(|_| time(KeyCode::Down)).collect();
        time(KeyCode::Char('/'));
        let filter: Vec<Duration> = "credential-0999"
            .chars()
            .map(|c| time(KeyCode::Char(c)))
            .collect();
        time(KeyCode::Esc);
        let sort: Vec<Duration> = (0..10).map(|_| time(KeyCode::Char('s'))).collect();
        println!(
            "{width}x{height}, 10,000 credentials: move {:?}, filter keystroke {:?}, sort {:?} (median, update + draw)",
            median(moves),
            median(filter),
            median(sort)
        );
    }
}
