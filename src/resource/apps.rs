//! DataForest AI apps (SPEC §7).

use super::*;
use crate::api::dataforest;
use crate::model::{AppState, FinalStatus};

/// `STATE/FINAL` when the final status adds something, and the phase of both.
fn status(v: &Value) -> (String, Phase) {
    let st = text_at(v, "state").unwrap_or_default();
    let fin = text_at(v, "finalStatus");
    let phase = AppState::parse(&st).phase_with(fin.as_deref().map(FinalStatus::parse).as_ref());
    let label = match fin.as_deref() {
        Some(f) if f != "UNDEFINED" && f != st => format!("{st}/{f}"),
        _ => st,
    };
    (label, phase)
}

/// AI apps: GPU jobs on a YARN queue.
pub static APPS: Resource = Resource {
    kind: Kind::Apps,
    title: "AI apps",
    tab: "Apps",
    noun: "AI app",
    names: &["apps", "app", "aiapps"],
    service: Service::Dataforest,
    id_field: "id",
    name_field: "name",
    status,
    // An app's list entry has no creation field: `startedAt` is YARN's start
    // time, set at submission (the submit answer, still ACCEPTED, carries it).
    created_field: "startedAt",
    finished_field: Some("finishedAt"),
    started_field: None,
    columns: &[
        Column { title: "NAME", cell: Cell::Name, width: Width::Fill(3) },
        Column { title: "ID", cell: Cell::Id, width: Width::Fixed(22) },
        Column { title: "STATUS", cell: Cell::Status, width: Width::Badge },
        Column { title: "CREATED", cell: Cell::Created, width: Width::Fixed(8) },
        Column { title: "ELAPSED", cell: Cell::Elapsed, width: Width::Fixed(9) },
        Column { title: "QUEUE", cell: Cell::Field("queueName"), width: Width::Fixed(8) },
        // The list carries no resources (aiapps/getList); the workspace says what it runs on.
        Column { title: "WORKSPACE", cell: Cell::Field("workspaceName"), width: Width::Fixed(10) },
    ],
    detail: &[
        Section::Fields(&[
            Field::text("Name", "name"),
            Field::text("ID", "id"),
            Field::text("YARN app", "appId"),
            Field::text("Queue", "queueName"),
            Field::text("Workspace", "workspaceName"),
            Field::text("Account", "accountName"),
            Field::formatted("Started", "startedAt", Format::Time),
            Field { when_terminal: true, ..Field::formatted("Finished", "finishedAt", Format::Time) },
            // The service's own figure, which may leave out the time queued: ELAPSED
            // in the list counts from the submission, so this one has its own name.
            Field {
                label: "Run time",
                value: Source::Spelled("elapsedMillis", "elapesdMillis"),
                format: Format::Millis,
                when_terminal: false,
            },
            Field::formatted("Diagnostics", "diagnostics", Format::Alert),
        ]),
        Section::Entries(&Entries {
            title: "Containers",
            field: "containers",
            line: &[("", "dockerImage"), ("cpu", "cpuCount"), ("mem MB", "memoryMb"), ("", "status")],
            second: Some(("log", "logUrl")),
            empty: "(none yet)",
        }),
    ],
    related: &[],
    actions: Actions {
        create: Some(FormName::App),
        destroy: Some(Destroy {
            verb: "Kill",
            done: "kill requested",
            request: dataforest::kill,
            refused_while_used: false,
        }),
        extras: &[],
    },
    calls: Calls {
        list: Lister::PerAccount { request: dataforest::list_apps, items: "contents" },
        get: Some(dataforest::app_detail),
        download: None,
    },
};
