use std::os::unix::fs::PermissionsExt;
use std::path::Path;

use super::*;

fn place(kind: Kind, location: &str, entry: Option<&str>) -> Place {
    Place {
        kind,
        location: location.into(),
        entry: entry.map(str::to_string),
        recorded_at: Utc::now(),
    }
}

fn mode(p: &Path) -> u32 {
    std::fs::metadata(p).unwrap().permissions().mode() & 0o777
}

#[test]
fn kinds_are_named_as_the_export_formats() {
    for kind in Kind::ALL {
        let json = serde_json::to_value(kind).unwrap();
        assert_eq!(json, kind.as_str(), "{kind:?}");
        assert_eq!(Kind::from_name(kind.as_str()), Some(kind));
    }
    assert_eq!(Kind::from(ExportFormat::K8sSecret).as_str(), "k8s-secret");
    assert_eq!(Kind::from_name("cloud-conf"), Some(Kind::CloudConf));
}

#[test]
fn one_spot_holds_one_credential() {
    let mut l = Ledger::default();
    l.add("a", place(Kind::Openrc, "/x/openrc", None));
    l.add("a", place(Kind::Clouds, "/x/clouds.yaml", Some("ci")));
    l.add("a", place(Kind::Clouds, "/x/clouds.yaml", Some("ops")));
    // The same file replaced with another credential: it moves.
    l.add("b", place(Kind::Openrc, "/x/openrc", None));
    // The same entry written again: one place, not two.
    l.add("a", place(Kind::Clouds, "/x/clouds.yaml", Some("ci")));
    let a: Vec<String> = l.places("a").iter().map(Place::describe).collect();
    assert_eq!(
        a,
        ["/x/clouds.yaml (entry ops)", "/x/clouds.yaml (entry ci)"]
    );
    assert_eq!(l.places("b").len(), 1);
    l.drop_spots("b", &[place(Kind::Openrc, "/x/openrc", None)]);
    assert!(l.places("b").is_empty());
    assert!(!l.credentials.contains_key("b"));
    l.forget("a");
    assert_eq!(l, Ledger::default());
}

#[test]
fn written_0600_in_a_0700_folder_and_read_back() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("state/appcred");
    let record = Record::in_dir(&dir);
    // Reading a record that does not exist creates nothing.
    assert!(record.load().unwrap().ledger.places("a").is_empty());
    assert!(!dir.exists());
    let p = place(Kind::Json, "/x/a.json", None);
    assert_eq!(record.update(|l| l.add("a", p.clone())).unwrap(), None);
    assert_eq!(mode(&record.path()), 0o600);
    assert_eq!(mode(&dir), 0o700);
    assert_eq!(record.load().unwrap().ledger.places("a"), [p]);
    // No secret field, no temporary file left behind.
    let text = std::fs::read_to_string(record.path()).unwrap();
    assert!(text.contains("\"kind\": \"json\""), "{text}");
    let names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        names.iter().all(|n| n == "held.json" || n == "held.lock"),
        "{names:?}"
    );
}

#[test]
fn a_corrupt_record_is_set_aside_and_reported_never_lost() {
    let tmp = tempfile::tempdir().unwrap();
    let record = Record::in_dir(tmp.path());
    std::fs::write(
        record.path(),
        b"{\"version\": 1, \"credentials\": {\"a\": [",
    )
    .unwrap();
    let loaded = record.load().unwrap();
    assert!(loaded.ledger.places("a").is_empty());
    let aside = loaded.set_aside.expect("reported");
    assert!(aside.to.to_string_lossy().contains("held.json.corrupt-"));
    assert_eq!(
        std::fs::read(&aside.to).unwrap(),
        b"{\"version\": 1, \"credentials\": {\"a\": ["
    );
    assert!(aside.to_string().contains("could not be read"), "{aside}");
    // The next write starts a new record and keeps the old copy.
    let p = place(Kind::Env, "/x/env", None);
    assert_eq!(record.update(|l| l.add("b", p.clone())).unwrap(), None);
    assert_eq!(record.load().unwrap().ledger.places("b"), [p]);
    assert!(aside.to.exists());
}

#[test]
fn a_later_layout_is_set_aside_not_misread() {
    let tmp = tempfile::tempdir().unwrap();
    let record = Record::in_dir(tmp.path());
    std::fs::write(record.path(), b"{\"version\": 2, \"credentials\": {}}").unwrap();
    let set_aside = record.update(|_| {}).unwrap().expect("reported");
    assert!(set_aside.why.contains("version 2"), "{}", set_aside.why);
    assert!(set_aside.to.exists());
}

#[test]
fn two_writers_at_once_lose_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().to_path_buf();
    let writers: Vec<_> = (0..2)
        .map(|w| {
            let dir = dir.clone();
            std::thread::spawn(move || {
                // Each writer opens the lock file itself, as another process
                // would: flock excludes open file descriptions, not threads.
                let record = Record::in_dir(&dir);
                for i in 0..40 {
                    let p = place(Kind::Openrc, &format!("/x/{w}-{i}"), None);
                    record.update(|l| l.add(&format!("id{w}"), p)).unwrap();
                }
            })
        })
        .collect();
    // A reader that ignores the lock still sees a whole file every time.
    let reader = {
        let path = Record::in_dir(&dir).path();
        std::thread::spawn(move || {
            for _ in 0..200 {
                if let Ok(bytes) = std::fs::read(&path) {
                    serde_json::from_slice::<Ledger>(&bytes).expect("a whole record");
                }
            }
        })
    };
    for w in writers {
        w.join().unwrap();
    }
    reader.join().unwrap();
    let ledger = Record::in_dir(&dir).load().unwrap().ledger;
    assert_eq!(ledger.places("id0").len(), 40);
    assert_eq!(ledger.places("id1").len(), 40);
}

#[test]
fn a_file_place_is_absolute_and_gone_once_removed() {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("openrc");
    std::fs::write(&file, "x").unwrap();
    let p = Place::file(Kind::Openrc, &file, None);
    assert!(Path::new(&p.location).is_absolute());
    assert!(!p.is_gone());
    std::fs::remove_file(&file).unwrap();
    assert!(p.is_gone());
}

fn env_in(dir: &Path) -> Environment {
    let mut env = Environment::default();
    env.vars
        .insert("XDG_STATE_HOME".into(), dir.to_string_lossy().into_owned());
    env
}

#[test]
fn a_rotation_moves_what_it_rewrote_and_drops_what_is_gone() {
    let tmp = tempfile::tempdir().unwrap();
    let env = env_in(&tmp.path().join("state"));
    let (openrc, clouds, removed, explicit) = (
        tmp.path().join("openrc"),
        tmp.path().join("clouds.yaml"),
        tmp.path().join("removed.json"),
        tmp.path().join("named-on-the-command-line"),
    );
    for f in [&openrc, &clouds, &removed, &explicit] {
        std::fs::write(f, "x").unwrap();
    }
    let places = vec![
        Place::file(Kind::Openrc, &openrc, None),
        Place::file(Kind::Clouds, &clouds, Some("ci")),
        Place::file(Kind::Json, &removed, None),
    ];
    assert!(remember(&env, "old", places).is_empty());
    std::fs::remove_file(&removed).unwrap();

    let mut plan = RotationPlan::new(&env, "old", std::slice::from_ref(&explicit));
    assert_eq!(plan.gone().len(), 1);
    // The clouds step's files are its own; the rest come after the explicit.
    assert_eq!(
        plan.files(std::slice::from_ref(&clouds)),
        [explicit.clone(), openrc.canonicalize().unwrap()]
    );
    assert!(plan.recorded_in(std::slice::from_ref(&clouds)));
    assert!(plan.is_recorded(&openrc) && !plan.is_recorded(&explicit));
    plan.file_updated(&openrc, "openrc");
    plan.file_updated(&explicit, "cloud-conf");
    assert!(plan.finish("new").is_empty());

    let (new, _) = places_of(&env, "new");
    let kinds: Vec<&str> = new.iter().map(|p| p.kind.as_str()).collect();
    assert_eq!(kinds, ["openrc", "cloud-conf"]);
    // The entry not rewritten still holds the old id; the gone file is dropped.
    let (old, _) = places_of(&env, "old");
    assert_eq!(old.len(), 1);
    assert_eq!(old[0].entry.as_deref(), Some("ci"));
}

#[test]
fn a_recorded_file_that_no_longer_holds_the_id_is_gone() {
    let tmp = tempfile::tempdir().unwrap();
    let env = env_in(tmp.path());
    let file = tmp.path().join("env");
    std::fs::write(&file, "x").unwrap();
    remember(&env, "old", vec![Place::file(Kind::Env, &file, None)]);
    let mut plan = RotationPlan::new(&env, "old", &[]);
    assert!(plan.gone().is_empty());
    plan.no_longer_holds(&file);
    assert_eq!(plan.gone().len(), 1);
    plan.finish("new");
    assert!(places_of(&env, "old").0.is_empty());
    assert!(places_of(&env, "new").0.is_empty());
}

#[test]
fn without_a_state_folder_nothing_is_recorded_and_it_is_said() {
    let env = Environment::default();
    let notes = remember(&env, "a", vec![place(Kind::Openrc, "/x", None)]);
    assert_eq!(notes.len(), 1, "{notes:?}");
    assert!(places_of(&env, "a").0.is_empty());
}

#[test]
fn a_recorded_entry_the_clouds_step_does_not_find_is_gone() {
    let tmp = tempfile::tempdir().unwrap();
    let env = env_in(tmp.path());
    let clouds = tmp.path().join("clouds.yaml");
    std::fs::write(&clouds, "clouds: {}").unwrap();
    let ci = Place::file(Kind::Clouds, &clouds, Some("ci"));
    let ops = Place::file(Kind::Clouds, &clouds, Some("ops"));
    remember(&env, "old", vec![ci, ops]);
    let found = [crate::export::EntryRef {
        cloud_name: "ops".into(),
        old_id: "old".into(),
        id_at: Vec::new(),
        secret_at: Vec::new(),
    }];
    let mut plan = RotationPlan::new(&env, "old", &[]);
    let gone = plan.entries_gone(std::slice::from_ref(&clouds), &found);
    assert_eq!(gone.len(), 1);
    assert_eq!(gone[0].entry.as_deref(), Some("ci"));
    plan.finish("new");
    let left: Vec<_> = places_of(&env, "old")
        .0
        .into_iter()
        .map(|p| p.entry)
        .collect();
    assert_eq!(left, [Some("ops".to_string())]);
}

#[test]
fn any_recorded_place_moves_or_goes_by_its_spot() {
    let tmp = tempfile::tempdir().unwrap();
    let env = env_in(tmp.path());
    let (a, b) = (tmp.path().join("a.yaml"), tmp.path().join("b.yaml"));
    for f in [&a, &b] {
        std::fs::write(f, "x").unwrap();
    }
    let (pa, pb) = (
        Place::file(Kind::Clouds, &a, Some("ci")),
        Place::file(Kind::Clouds, &b, Some("ci")),
    );
    remember(&env, "old", vec![pa.clone(), pb.clone()]);
    let mut plan = RotationPlan::new(&env, "old", &[]);
    // Every kind today is a file; the rest (stores) are the caller's.
    assert!(plan.other_places().is_empty());
    plan.place_updated(&pa);
    plan.place_gone(&pb);
    plan.finish("new");
    assert_eq!(places_of(&env, "new").0.len(), 1);
    assert!(places_of(&env, "new").0[0].same_spot(&pa));
    assert!(places_of(&env, "old").0.is_empty());
}
