//! The TUI's costs at 10 to 10,000 credentials (issue 7: a keystroke becomes
//! a drawn frame in < 2 ms at 10,000). Figures only, nothing asserted:
//!
//!     cargo bench --bench tui                  # all (~2 min)
//!     cargo bench --bench tui -- keystroke     # a group by name
//!
//! `cargo test --all-targets` runs each benchmark once (criterion's test
//! mode), so this file only has to compile and not panic there.
//!
//! Groups: `draw` (the main view, one frame on a ratatui TestBackend, at
//! 80x24 and 200x60), `update` (one message, no drawing: move, sort, a filter
//! keystroke, a list reply) and `keystroke` (update + draw, what a person
//! waits for). Built only from the TUI's public API: model, update, view.

use std::hint::black_box;
use std::time::{Duration, Instant};

use chrono::{DateTime, NaiveDate, Utc};
use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

use appcred::keystone::{
    ApplicationCredential, CatalogService, DomainRef, RoleRef, Scope, TokenInfo, UserRef,
};
use appcred::tui::model::{Model, Screen, SortBy};
use appcred::tui::msg::{ExportInfo, Msg, Reply, SessionInfo};
use appcred::tui::theme::Theme;
use appcred::tui::update::update;
use appcred::tui::view::view;

const SIZES: [(u16, u16); 2] = [(80, 24), (200, 60)];

fn now() -> DateTime<Utc> {
    NaiveDate::from_ymd_opt(2026, 11, 25)
        .and_then(|d| d.and_hms_opt(12, 0, 0))
        .map(|n| n.and_utc())
        .unwrap_or_default()
}

fn role(name: &str) -> RoleRef {
    RoleRef {
        id: format!("r-{name}"),
        name: name.to_string(),
    }
}

/// `n` credentials with fake ids, a spread of names, roles and expiries
/// (expired, expiring soon, later, never).
fn credentials(n: usize) -> Vec<ApplicationCredential> {
    const KINDS: [&str; 6] = ["ci", "backup", "terraform", "grafana", "deploy", "k8s"];
    (0..n)
        .map(|i| ApplicationCredential {
            id: format!("{i:032x}"),
            name: format!("{}-{:05}", KINDS[i % KINDS.len()], i),
            description: (i % 4 == 0).then(|| format!("service account number {i}")),
            user_id: Some("u0000000000000000000000000000001".to_string()),
            project_id: Some("p0000000000000000000000000000001".to_string()),
            roles: if i % 3 == 0 {
                vec![role("member"), role("reader")]
            } else {
                vec![role("reader")]
            },
            unrestricted: (i % 50 == 0).then_some(true),
            expires_at: (i % 7 != 0).then(|| now() + chrono::Duration::days((i % 400) as i64 - 50)),
            access_rules: None,
        })
        .collect()
}

fn session() -> SessionInfo {
    let default = DomainRef {
        id: "default".to_string(),
        name: "Default".to_string(),
    };
    SessionInfo {
        cloud: "devstack".to_string(),
        user_id: "u0000000000000000000000000000001".to_string(),
        token: TokenInfo {
            user: UserRef {
                id: "u0000000000000000000000000000001".to_string(),
                name: "demo".to_string(),
                domain: Some(default.clone()),
                federation: None,
            },
            scope: Scope::Project {
                id: "p0000000000000000000000000000001".to_string(),
                name: "demo".to_string(),
                domain: default,
            },
            roles: vec![role("member"), role("reader")],
            methods: vec!["password".to_string()],
            issued_at: now(),
            expires_at: now() + chrono::Duration::hours(1),
            catalog: ["identity", "compute"]
                .into_iter()
                .map(|t| CatalogService {
                    service_type: t.to_string(),
                    name: None,
                    endpoints: Vec::new(),
                })
                .collect(),
            application_credential: None,
        },
        export: ExportInfo {
            cloud_name: "devstack".to_string(),
            auth_url: "http://keystone.test:5000/v3".to_string(),
            region_name: Some("RegionOne".to_string()),
            interface: "public".to_string(),
            cacert: None,
            clouds_file: None,
            home: None,
        },
    }
}

/// The main view, logged in, with `n` credentials loaded.
fn model(n: usize, (width, height): (u16, u16)) -> Model {
    let mut model = Model::new(now(), Theme { color: true }, width, height);
    model.screen = Screen::Main;
    model.session = Some(session());
    model.table.set_items(credentials(n));
    model.table.recount(now());
    model
}

fn terminal((width, height): (u16, u16)) -> Terminal<TestBackend> {
    match Terminal::new(TestBackend::new(width, height)) {
        Ok(t) => t,
        Err(e) => panic!("test terminal: {e}"),
    }
}

fn draw(terminal: &mut Terminal<TestBackend>, model: &Model) {
    if let Err(e) = terminal.draw(|f| view(model, f)) {
        panic!("draw: {e}");
    }
}

fn key(code: KeyCode) -> Msg {
    Msg::Key(KeyEvent::new(code, KeyModifiers::NONE))
}

fn label((w, h): (u16, u16)) -> String {
    format!("{w}x{h}")
}

/// Down 30 times, then up 30 times: the selection scrolls but stays put on
/// average, so every iteration costs the same.
fn next_move(i: &mut u64) -> Msg {
    *i += 1;
    key(if *i % 60 < 30 {
        KeyCode::Down
    } else {
        KeyCode::Up
    })
}

/// Opens the filter field and types `typed`.
fn filtering(model: &mut Model, typed: &str) {
    update(model, key(KeyCode::Char('/')));
    for c in typed.chars() {
        update(model, key(KeyCode::Char(c)));
    }
}

fn bench_draw(c: &mut Criterion) {
    let mut g = c.benchmark_group("draw");
    for size in SIZES {
        for n in [10, 1_000, 10_000] {
            let model = model(n, size);
            let mut term = terminal(size);
            g.bench_with_input(BenchmarkId::new(label(size), n), &n, |b, _| {
                b.iter(|| draw(&mut term, black_box(&model)))
            });
        }
    }
    g.finish();
}

fn bench_update(c: &mut Criterion) {
    let mut g = c.benchmark_group("update_10000");
    let size = (80, 24);

    let mut m = model(10_000, size);
    m.table.select_row(5_000, 15);
    let mut i = 0;
    g.bench_function("move", |b| {
        b.iter(|| black_box(update(&mut m, next_move(&mut i))))
    });

    // Each press flips name <-> expiry order: a re-sort of 10,000.
    let mut m = model(10_000, size);
    g.bench_function("sort", |b| {
        b.iter(|| black_box(update(&mut m, key(KeyCode::Char('s')))))
    });

    // The two orders apart (set_sort re-sorts even when the order is the same).
    for (name, order) in [("sort_name", SortBy::Name), ("sort_expiry", SortBy::Expiry)] {
        let mut m = model(10_000, size);
        g.bench_function(name, |b| b.iter(|| m.table.set_sort(black_box(order))));
    }

    // The filter "ci-0" (fuzzy: many rows match); one more character
    // narrows it, Backspace widens it back.
    let mut m = model(10_000, size);
    filtering(&mut m, "ci-0");
    for (name, edit) in [
        ("filter_narrow", Edit::Narrow),
        ("filter_widen", Edit::Widen),
    ] {
        g.bench_function(name, |b| {
            b.iter_custom(|iters| filter_keys(iters, &mut m, edit, |_| {}))
        });
    }

    // The list reply for the current scope: 10,000 credentials replace the
    // table (sort, filter, selection kept).
    let mut m = model(10_000, size);
    let fresh = credentials(10_000);
    g.bench_function("list_reply", |b| {
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                let tag = m.requests.start("credentials");
                let msg = Msg::Reply {
                    tag,
                    requests_sent: Some(3),
                    reply: Reply::Credentials(Ok(fresh.clone())),
                };
                let start = Instant::now();
                black_box(update(&mut m, msg));
                total += start.elapsed();
            }
            total
        })
    });
    g.finish();
}

/// Types '1' then Backspace, `iters` times, each followed by `after` (e.g. a
/// draw), and times one of the two: typing (`Narrow`: the filter only looks
/// at the rows that matched the shorter text) or Backspace (`Widen`: every
/// row is matched again).
fn filter_keys(iters: u64, m: &mut Model, timed: Edit, mut after: impl FnMut(&Model)) -> Duration {
    let mut total = Duration::ZERO;
    for _ in 0..iters {
        for (edit, code) in [
            (Edit::Narrow, KeyCode::Char('1')),
            (Edit::Widen, KeyCode::Backspace),
        ] {
            let start = Instant::now();
            black_box(update(m, key(code)));
            after(m);
            if edit == timed {
                total += start.elapsed();
            }
        }
    }
    total
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Edit {
    Narrow,
    Widen,
}

/// What a person waits for: one key, `update`, then the frame drawn.
fn bench_keystroke(c: &mut Criterion) {
    let mut g = c.benchmark_group("keystroke_10000");
    for size in SIZES {
        let mut m = model(10_000, size);
        m.table.select_row(5_000, 15);
        let mut term = terminal(size);
        let mut i = 0;
        g.bench_function(BenchmarkId::new("move", label(size)), |b| {
            b.iter(|| {
                update(&mut m, next_move(&mut i));
                draw(&mut term, &m);
            })
        });

        let mut m = model(10_000, size);
        filtering(&mut m, "ci-0");
        let mut term = terminal(size);
        for (name, edit) in [
            ("filter_narrow", Edit::Narrow),
            ("filter_widen", Edit::Widen),
        ] {
            g.bench_function(BenchmarkId::new(name, label(size)), |b| {
                b.iter_custom(|iters| filter_keys(iters, &mut m, edit, |m| draw(&mut term, m)))
            });
        }

        let mut m = model(10_000, size);
        let mut term = terminal(size);
        g.bench_function(BenchmarkId::new("sort", label(size)), |b| {
            b.iter(|| {
                update(&mut m, key(KeyCode::Char('s')));
                draw(&mut term, &m);
            })
        });
    }
    g.finish();
}

criterion_group!(benches, bench_draw, bench_update, bench_keystroke);
criterion_main!(benches);
