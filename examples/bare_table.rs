//! The bare ratatui app the dashboard's key latency is measured against
//! (issue 16): a windowed `Table` over 100,000 rows whose selection moves on
//! `j`/`k`, and nothing else. It sets the terminal up as the dashboard does
//! (`ratatui::init`: raw mode and the alternate screen; mouse capture and
//! bracketed paste on), reads keys from crossterm's `EventStream` on a
//! multi-threaded tokio runtime, and draws only when a key changed
//! something, with the same ratatui and crossterm.
//!
//! `cargo run --release --example bare_table` runs it by hand; the pty bench
//! (`cargo bench --bench keylat`, see docs/latency.md) runs this very code
//! (it includes this file) side by side with `ncdash`. `q` quits. The frame bench (benches/frame.rs) times its key handling and
//! drawing beside the dashboard's.

use crossterm::event::{
    DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture, Event, EventStream, KeyCode,
    KeyEventKind,
};
use futures_util::StreamExt;
use ratatui::DefaultTerminal;
use ratatui::layout::{Constraint, Layout};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::Line;
use ratatui::widgets::{Row, Table};

/// Rows in the list, as in the dashboard's measurement.
pub const ROWS: usize = 100_000;

/// The list: text cells made once, as a list of resources would be.
pub struct List {
    rows: Vec<[String; 5]>,
    selected: usize,
    offset: usize,
}

impl List {
    pub fn new(n: usize) -> List {
        let statuses = ["completed", "failed", "in_progress", "pending", "registered"];
        let rows = (0..n)
            .map(|i| {
                [
                    format!("Generated task {i:06}"),
                    format!("{i:08x}-0558-465a-8485-3b7808b0e125"),
                    statuses[i % statuses.len()].to_string(),
                    format!("{}d ago", 1 + i % 28),
                    format!("{}m{:02}s", i % 60, i % 59),
                ]
            })
            .collect();
        List { rows, selected: 0, offset: 0 }
    }

    /// Moves the selection, keeping it inside a window of `page` rows.
    pub fn move_by(&mut self, delta: i64, page: usize) {
        let max = self.rows.len().saturating_sub(1) as i64;
        self.selected = (self.selected as i64 + delta).clamp(0, max) as usize;
        if self.selected < self.offset {
            self.offset = self.selected;
        } else if self.selected >= self.offset + page {
            self.offset = self.selected + 1 - page;
        }
    }
}

/// Rows of the table on screen: the terminal less a header and a status line.
pub fn page(height: u16) -> usize {
    usize::from(height.saturating_sub(2)).max(1)
}

/// The whole frame: the table's window and a status line.
pub fn draw(f: &mut ratatui::Frame, list: &List) {
    let [body, status] = Layout::vertical([Constraint::Fill(1), Constraint::Length(1)]).areas(f.area());
    let end = (list.offset + page(f.area().height)).min(list.rows.len());
    // Only the rows in the window are built.
    let rows = list.rows[list.offset..end].iter().enumerate().map(|(i, r)| {
        let row = Row::new(r.iter().map(String::as_str));
        if list.offset + i == list.selected {
            row.style(Style::default().add_modifier(Modifier::REVERSED))
        } else {
            row
        }
    });
    let widths = [
        Constraint::Fill(3),
        Constraint::Length(36),
        Constraint::Length(13),
        Constraint::Length(8),
        Constraint::Length(9),
    ];
    let header = Row::new(["NAME", "ID", "STATUS", "CREATED", "ELAPSED"])
        .style(Style::default().fg(Color::DarkGray).add_modifier(Modifier::BOLD));
    f.render_widget(Table::new(rows, widths).header(header).column_spacing(1), body);
    f.render_widget(Line::from(format!(" Rows {}/{}", list.selected + 1, list.rows.len())), status);
}

async fn event_loop(terminal: &mut DefaultTerminal, list: &mut List) -> std::io::Result<()> {
    let mut input = EventStream::new();
    let mut height = terminal.size()?.height;
    terminal.draw(|f| draw(f, list))?;
    while let Some(ev) = input.next().await {
        let changed = match ev? {
            Event::Key(k) if k.kind != KeyEventKind::Release => match k.code {
                KeyCode::Char('q') => return Ok(()),
                KeyCode::Char('j') | KeyCode::Down => {
                    list.move_by(1, page(height));
                    true
                }
                KeyCode::Char('k') | KeyCode::Up => {
                    list.move_by(-1, page(height));
                    true
                }
                _ => false,
            },
            Event::Resize(_, h) => {
                height = h;
                true
            }
            _ => false,
        };
        if changed {
            terminal.draw(|f| draw(f, list))?;
        }
    }
    Ok(())
}

/// Runs the app until `q`, restoring the terminal on the way out.
pub fn run() -> std::io::Result<()> {
    let mut list = List::new(ROWS);
    let rt = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    let mut terminal = ratatui::init();
    let _ = crossterm::execute!(std::io::stdout(), EnableMouseCapture, EnableBracketedPaste);
    let r = rt.block_on(event_loop(&mut terminal, &mut list));
    let _ = crossterm::execute!(std::io::stdout(), DisableBracketedPaste, DisableMouseCapture);
    ratatui::restore();
    r
}

// The benches include this file as a module (keylat calls `run`, frame `draw`).
#[allow(dead_code)]
fn main() -> std::io::Result<()> {
    run()
}
