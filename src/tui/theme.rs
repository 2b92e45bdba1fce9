//! Colours and symbols. Every badge carries a word and a symbol as well as
//! a colour, so it reads without colour (`NO_COLOR`) and for colour-blind people.

use crate::model::Phase;
use ratatui::style::{Color, Modifier, Style};

const SPINNER: [&str; 10] = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];

/// The look of the dashboard.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Theme {
    /// Colours off (`NO_COLOR`).
    pub no_color: bool,
}

impl Theme {
    /// Reads `NO_COLOR` from the environment.
    pub fn from_env() -> Theme {
        Theme { no_color: std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()) }
    }

    fn fg(&self, c: Color) -> Style {
        if self.no_color { Style::default() } else { Style::default().fg(c) }
    }

    /// Colour of a phase.
    pub fn phase_color(phase: Phase) -> Color {
        match phase {
            Phase::Waiting => Color::Yellow,
            Phase::Running => Color::Cyan,
            Phase::Succeeded => Color::Green,
            Phase::Failed => Color::Red,
            Phase::Stopped => Color::Magenta,
            Phase::Idle => Color::Gray,
            Phase::Unknown => Color::White,
        }
    }

    /// Symbol of a phase; a spinner frame only while the job moves.
    pub fn symbol(phase: Phase, tick: u64) -> &'static str {
        match phase {
            Phase::Waiting => "◷",
            Phase::Running => SPINNER[(tick % SPINNER.len() as u64) as usize],
            Phase::Succeeded => "✓",
            Phase::Failed => "✗",
            Phase::Stopped => "■",
            Phase::Idle => "○",
            Phase::Unknown => "?",
        }
    }

    /// Style of a status badge.
    pub fn badge(&self, phase: Phase) -> Style {
        let s = self.fg(Self::phase_color(phase));
        if phase == Phase::Failed { s.add_modifier(Modifier::BOLD) } else { s }
    }

    /// Header bar.
    pub fn header(&self) -> Style {
        if self.no_color {
            Style::default().add_modifier(Modifier::REVERSED)
        } else {
            Style::default().bg(Color::Blue).fg(Color::White)
        }
    }

    /// Selected row.
    pub fn selected(&self) -> Style {
        Style::default().add_modifier(Modifier::REVERSED)
    }

    /// Active tab.
    pub fn tab_active(&self) -> Style {
        self.fg(Color::Yellow).add_modifier(Modifier::BOLD | Modifier::UNDERLINED)
    }

    /// Dim text.
    pub fn dim(&self) -> Style {
        if self.no_color { Style::default() } else { Style::default().fg(Color::DarkGray) }
    }

    /// Warnings (stale, back-off).
    pub fn warn(&self) -> Style {
        self.fg(Color::Yellow).add_modifier(Modifier::BOLD)
    }

    /// Errors.
    pub fn error(&self) -> Style {
        self.fg(Color::Red).add_modifier(Modifier::BOLD)
    }

    /// Good news.
    pub fn ok(&self) -> Style {
        self.fg(Color::Green)
    }

    /// Keys in the footer.
    pub fn key(&self) -> Style {
        self.fg(Color::Cyan).add_modifier(Modifier::BOLD)
    }
}
