//! The terminal in dashboard mode and back. Every mode the dashboard turns
//! on (raw, alternate screen, hidden cursor, mouse tracking, bracketed
//! paste) is turned off again on every way out: return, error and panic.

use crossterm::cursor::Show;
use crossterm::event::{DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture};
use ratatui::DefaultTerminal;

/// The terminal set up for the dashboard; dropping it restores the terminal.
pub struct Screen {
    /// The terminal frames are drawn on.
    pub terminal: DefaultTerminal,
}

/// Raw mode and the alternate screen (`ratatui::init`), mouse tracking and
/// bracketed paste on; a panic restores all of them before its message.
pub fn enter() -> Screen {
    let terminal = ratatui::init();
    // ratatui's hook leaves raw mode and the alternate screen; ours, run
    // first, turns off the modes it does not know about.
    let ratatui_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        leave_modes();
        ratatui_hook(info);
    }));
    let _ = crossterm::execute!(std::io::stdout(), EnableMouseCapture, EnableBracketedPaste);
    Screen { terminal }
}

/// Mouse tracking and bracketed paste off, cursor shown.
fn leave_modes() {
    let _ = crossterm::execute!(std::io::stdout(), DisableBracketedPaste, DisableMouseCapture, Show);
}

impl Drop for Screen {
    fn drop(&mut self) {
        leave_modes();
        ratatui::restore();
    }
}
