//! Every integration test in one binary (one link of the crate, the tests
//! run in parallel): one module per area, shared helpers in `common`.
//! Snapshots are under `snapshots/`, named `it__<module>__<name>.snap`.

mod common;

mod api_calls;
mod budget;
mod cli;
mod cli_aitems;
mod cli_lists;
mod cli_nclue;
mod cli_output;
mod cli_safe;
mod cli_service_actions;
mod cli_trainings;
mod cli_upload;
mod curl_copy;
mod faults;
mod form_context;
mod form_rules;
mod form_snapshots;
mod hostile_text;
mod key_layers;
mod nclue_profiles;
mod paging_snapshots;
mod profile_snapshots;
mod pty_e2e;
mod pty_nclue;
mod pty_safe;
mod pty_scale;
mod recovery;
mod refresher;
mod related;
mod resources;
mod scheduler;
mod sim_aitems;
mod sim_world;
mod submit_once;
mod tui_app;
mod tui_form_keys;
mod tui_forms;
mod tui_paging;
mod tui_panes;
mod tui_paste;
mod tui_profiles;
mod tui_rows;
mod tui_scroll;
mod tui_service_actions;
mod tui_snapshots;
mod tui_trainings;
mod validate_props;
mod vendor;
