//! clouds.yaml + secure.yaml + clouds-public.yaml + `OS_*` + flags -> one
//! [`CloudConfig`], exactly as openstacksdk reads them.

mod types;

pub use types::*;
