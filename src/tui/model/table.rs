//! The credential table's state: the credentials, the order and filter the
//! person chose, the selection and the marks.
//!
//! Drawing must stay cheap at 10,000 credentials, so the visible order is
//! computed here, once per change of data, sort or filter (`visible`), and
//! the view only reads the rows on screen.

use std::collections::BTreeSet;

use chrono::{DateTime, Utc};
use nucleo_matcher::pattern::{CaseMatching, Normalization, Pattern};
use nucleo_matcher::{Config, Matcher, Utf32Str};
use tui_input::Input;

use crate::expiry::{self, ExpiryState};
use crate::keystone::ApplicationCredential;
use crate::rotation::rotating_ids;

/// The widest cell of each variable column, in characters.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ColumnWidths {
    pub name: usize,
    pub roles: usize,
    pub flags: usize,
    /// The list holds credentials of more than one project (Keystone lists
    /// a user's credentials of every project): the table adds a column.
    pub many_projects: bool,
}

impl ColumnWidths {
    fn measure(items: &[ApplicationCredential], rotating: &BTreeSet<String>) -> Self {
        let first = items.first().map(|c| &c.project_id);
        let many_projects = items.iter().any(|c| Some(&c.project_id) != first);
        let widths = items
            .iter()
            .fold(ColumnWidths::default(), |w, c| ColumnWidths {
                name: w
                    .name
                    .max(crate::terminal_text::name(&c.name).chars().count()),
                roles: w.roles.max(roles_text(c).chars().count()),
                flags: w
                    .flags
                    .max(flags_text(c, rotating.contains(&c.id)).chars().count()),
                many_projects: false,
            });
        ColumnWidths {
            many_projects,
            ..widths
        }
    }
}

/// `member, reader`: the roles as the table and the detail pane show them.
pub fn roles_text(c: &ApplicationCredential) -> String {
    c.roles
        .iter()
        .map(|r| r.name.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

/// The flags column: `U` unrestricted, `2r` two access rules, `rot` one of a
/// rotating pair. The view colours the parts; this is their text.
pub fn flag_parts(c: &ApplicationCredential, rotating: bool) -> Vec<String> {
    let mut parts = Vec::new();
    if c.is_unrestricted() {
        parts.push("U".to_string());
    }
    let rules = c.access_rule_count();
    if rules > 0 {
        parts.push(format!("{rules}r"));
    }
    if rotating {
        parts.push("rot".to_string());
    }
    parts
}

fn flags_text(c: &ApplicationCredential, rotating: bool) -> String {
    flag_parts(c, rotating).join(" ")
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SortBy {
    Name,
    /// Soonest first: expired, then expiring, then later, then never.
    Expiry,
}

impl SortBy {
    pub fn label(self) -> &'static str {
        match self {
            SortBy::Name => "name",
            SortBy::Expiry => "expiry",
        }
    }
}

pub struct CredentialTable {
    pub items: Vec<ApplicationCredential>,
    /// Indices into `items` in the chosen sort order (all of them).
    sorted: Vec<usize>,
    /// Indices into `items`: `sorted` with the filter applied. Rows on screen.
    pub visible: Vec<usize>,
    /// Position in `visible`.
    pub selected: usize,
    /// First row of `visible` on screen.
    pub offset: usize,
    /// Ids of the credentials marked with Space.
    pub marked: BTreeSet<String>,
    pub sort: SortBy,
    pub filter: Input,
    /// The filter field has the keyboard.
    pub filtering: bool,
    /// A load is on its way; the table shows "loading" while empty.
    pub loading: bool,
    /// Expired and expiring-soon counts for the status bar, kept here so a
    /// frame does not walk 10,000 credentials ([`Self::recount`]).
    pub expired: usize,
    pub expiring: usize,
    /// "Expiring" means within this window (config.toml's
    /// `expiry_warning_days`); the counts and the colours agree on it.
    pub warning: chrono::Duration,
    /// Ids of old/new pairs a rotation left behind (both kept).
    pub rotating: BTreeSet<String>,
    /// The widest name, roles text and flags text, in characters, so the
    /// view sizes its columns without walking every row per frame.
    pub widths: ColumnWidths,
    /// Only this project's credentials are shown (the narrowing key).
    pub only_project: Option<String>,
    /// The filter `visible` was computed for: typing one more character
    /// only needs to look at the rows that matched the shorter text.
    applied_filter: String,
    matcher: Matcher,
    /// Where appcred put each credential (`crate::held`), as last read: the
    /// detail pane and the delete confirmation name the places.
    pub held: crate::held::Ledger,
}

impl Default for CredentialTable {
    fn default() -> Self {
        CredentialTable {
            items: Vec::new(),
            sorted: Vec::new(),
            visible: Vec::new(),
            selected: 0,
            offset: 0,
            marked: BTreeSet::new(),
            sort: SortBy::Name,
            filter: Input::default(),
            filtering: false,
            loading: false,
            expired: 0,
            expiring: 0,
            warning: expiry::DEFAULT_WARNING,
            rotating: BTreeSet::new(),
            widths: ColumnWidths::default(),
            only_project: None,
            applied_filter: String::new(),
            matcher: Matcher::new(Config::DEFAULT),
            held: crate::held::Ledger::default(),
        }
    }
}

impl CredentialTable {
    /// Replaces the data, keeping the selection on the same credential when
    /// it is still there, and dropping marks of credentials that are gone.
    pub fn set_items(&mut self, items: Vec<ApplicationCredential>) {
        let selected_id = self.selected_credential().map(|c| c.id.clone());
        self.items = items;
        let ids: BTreeSet<&str> = self.items.iter().map(|c| c.id.as_str()).collect();
        self.marked.retain(|id| ids.contains(id.as_str()));
        self.loading = false;
        self.rotating = rotating_ids(&self.items);
        self.widths = ColumnWidths::measure(&self.items, &self.rotating);
        self.resort();
        self.select_id(selected_id.as_deref());
    }

    /// Removes one credential (after a delete succeeded).
    pub fn remove(&mut self, id: &str) {
        let items = self.items.iter().filter(|c| c.id != id).cloned().collect();
        let keep = self.selected;
        self.set_items(items);
        if self.selected_credential().is_none() {
            self.selected = keep.min(self.visible.len().saturating_sub(1));
        }
    }

    /// Adds one credential (after a create) and selects it.
    pub fn insert(&mut self, credential: ApplicationCredential) {
        let id = credential.id.clone();
        let mut items = std::mem::take(&mut self.items);
        items.push(credential);
        self.set_items(items);
        self.select_id(Some(&id));
    }

    pub fn clear(&mut self) {
        self.set_items(Vec::new());
        self.marked.clear();
        self.selected = 0;
        self.offset = 0;
    }

    pub fn set_sort(&mut self, sort: SortBy) {
        let selected_id = self.selected_credential().map(|c| c.id.clone());
        self.sort = sort;
        self.resort();
        self.select_id(selected_id.as_deref());
    }

    /// Re-applies the filter text after it changed.
    pub fn refilter(&mut self) {
        self.apply_filter(false);
    }

    /// `from_scratch`: the data or the order changed, so the rows that
    /// matched before say nothing.
    fn apply_filter(&mut self, from_scratch: bool) {
        let selected_id = self.selected_credential().map(|c| c.id.clone());
        let text = self.filter.value().trim().to_string();
        // A plain pattern that grew at the end matches a subset of what it
        // matched before. Not so with nucleo's operators (`!` negates, a
        // space starts another atom, `^ $ '` anchor), so those start over.
        let narrowing = !from_scratch
            && !self.applied_filter.is_empty()
            && text.starts_with(&self.applied_filter)
            && !text.contains([' ', '!', '^', '$', '\'', '\\']);
        self.applied_filter = text.clone();
        if text.is_empty() {
            self.visible = self.sorted.clone();
        } else {
            // Keep the chosen sort order; the filter only removes rows, so
            // rows don't jump around while the person types.
            let pattern = Pattern::parse(&text, CaseMatching::Smart, Normalization::Smart);
            let mut buffer = Vec::new();
            let items = &self.items;
            let matcher = &mut self.matcher;
            let candidates = if narrowing {
                &self.visible
            } else {
                &self.sorted
            };
            self.visible = candidates
                .iter()
                .copied()
                .filter(|&i| {
                    let haystack = Utf32Str::new(&items[i].name, &mut buffer);
                    pattern.score(haystack, matcher).is_some()
                })
                .collect();
        }
        if let Some(project) = &self.only_project {
            let items = &self.items;
            self.visible
                .retain(|&i| items[i].project_id.as_deref() == Some(project.as_str()));
        }
        self.select_id(selected_id.as_deref());
    }

    fn resort(&mut self) {
        let items = &self.items;
        let mut order: Vec<usize> = (0..items.len()).collect();
        match self.sort {
            // Lower-case each name once (not twice per comparison): at
            // 10,000 credentials that is the difference between ~7 ms and ~1 ms.
            SortBy::Name => {
                order.sort_by_cached_key(|&i| (items[i].name.to_lowercase(), items[i].id.clone()))
            }
            // Sorting by the timestamp puts expired ones (earliest) first,
            // then the soonest; `never` goes last.
            SortBy::Expiry => order.sort_by(|&a, &b| {
                let (a, b) = (&items[a], &items[b]);
                let key = |c: &ApplicationCredential| (c.expires_at.is_none(), c.expires_at);
                key(a).cmp(&key(b)).then_with(|| a.name.cmp(&b.name))
            }),
        }
        self.sorted = order;
        self.apply_filter(true);
    }

    fn select_id(&mut self, id: Option<&str>) {
        let position = id.and_then(|id| self.visible.iter().position(|&i| self.items[i].id == id));
        self.selected = position.unwrap_or(0);
        self.clamp();
    }

    fn clamp(&mut self) {
        let last = self.visible.len().saturating_sub(1);
        self.selected = self.selected.min(last);
        self.offset = self.offset.min(self.selected);
    }

    pub fn selected_credential(&self) -> Option<&ApplicationCredential> {
        self.visible
            .get(self.selected)
            .and_then(|&i| self.items.get(i))
    }

    /// Moves the selection by `delta` rows (negative: up), staying in bounds,
    /// and scrolls so it stays on screen (`page` rows fit).
    pub fn move_by(&mut self, delta: isize, page: usize) {
        let last = self.visible.len().saturating_sub(1) as isize;
        let target = (self.selected as isize + delta).clamp(0, last.max(0));
        self.select_row(target as usize, page);
    }

    pub fn select_row(&mut self, row: usize, page: usize) {
        self.selected = row;
        self.clamp();
        self.scroll_into_view(page);
    }

    /// Keeps the selected row between `offset` and `offset + page`.
    pub fn scroll_into_view(&mut self, page: usize) {
        let page = page.max(1);
        if self.selected < self.offset {
            self.offset = self.selected;
        } else if self.selected >= self.offset + page {
            self.offset = self.selected + 1 - page;
        }
        let max_offset = self.visible.len().saturating_sub(page);
        self.offset = self.offset.min(max_offset);
    }

    /// Marks or unmarks the selected credential.
    pub fn toggle_mark(&mut self) {
        if let Some(id) = self.selected_credential().map(|c| c.id.clone())
            && !self.marked.remove(&id)
        {
            self.marked.insert(id);
        }
    }

    /// What `d` deletes: the marked ones, or else the selected one. In the
    /// table's order so the confirmation reads like the table.
    pub fn delete_targets(&self) -> Vec<&ApplicationCredential> {
        if self.marked.is_empty() {
            return self.selected_credential().into_iter().collect();
        }
        self.sorted
            .iter()
            .map(|&i| &self.items[i])
            .filter(|c| self.marked.contains(&c.id))
            .collect()
    }

    /// Counts the expired ones and those expiring within the warning window
    /// (after the data changed, or the clock moved on a minute).
    pub fn recount(&mut self, now: DateTime<Utc>) {
        let warning = self.warning;
        let (expired, expiring) = self.items.iter().fold((0, 0), |(expired, soon), c| {
            match expiry::state(c.expires_at, now, warning) {
                ExpiryState::Expired => (expired + 1, soon),
                ExpiryState::Soon => (expired, soon + 1),
                _ => (expired, soon),
            }
        });
        self.expired = expired;
        self.expiring = expiring;
    }
}
