//! `egov shell`: an interactive openCypher prompt over the graph (or an
//! empty scratch graph). At a terminal the line editor is rustyline, with
//! the history kept in `~/.egov_history`; when stdin is not a terminal the
//! same statements and `:` commands are read from it, so scripts and tests
//! drive the shell the way a person does.
//!
//! A statement may span lines; it runs when a line ends it with `;` (a `;`
//! inside a string or comment does not count). A line starting with `:`
//! while no statement is open is a shell command (`:help`).

use std::io::{BufRead, IsTerminal};
use std::path::PathBuf;

use egov_graph::query::{self, parse_param, Params, PropertyGraph};
use egov_graph::Error;
use rustyline::error::ReadlineError;

use super::args::{Cli, Format, ShellArgs};
use super::{load, output, query as query_cmd, Out, Outcome};

const HELP: &str = "\
Statements are openCypher and end with ';' (they may span lines).
  :help                 this text
  :schema               node labels and relationship types, with counts and property keys
  :format table|json|csv  how answers are printed (now: {format})
  :param name=value     set $name (JSON where it parses as JSON, else text); :param alone lists them
  :quit                 leave (also Ctrl-D); Ctrl-C drops a statement being typed
Writing clauses (CREATE, MERGE, SET, REMOVE, DELETE) run on a scratch graph: egov shell --scratch.";

/// One shell session: the graph, the settings and the statement being typed.
struct Session {
    graph: PropertyGraph,
    params: Params,
    format: Format,
    scratch: bool,
    width: Option<u16>,
    /// Lines of a statement not yet ended by `;`.
    pending: String,
    /// A statement or command failed.
    failed: bool,
    quit: bool,
}

/// Runs the shell until `:quit`, end of input or Ctrl-D. Exit 1 when
/// reading from a pipe and a statement failed.
pub fn run(cli: &Cli, a: &ShellArgs) -> Result<Outcome, Error> {
    let mut params = Params::new();
    for p in &a.params {
        let (k, v) = parse_param(p).map_err(Error::Invalid)?;
        params.insert(k, v);
    }
    let graph = if a.scratch {
        PropertyGraph::new()
    } else {
        PropertyGraph::from_graph(&load(cli)?)
    };
    let mut s = Session {
        graph,
        params,
        format: cli.format,
        scratch: a.scratch,
        width: output::width(cli.wide),
        pending: String::new(),
        failed: false,
        quit: false,
    };
    if std::io::stdin().is_terminal() {
        interactive(&mut s)?;
        Ok(Outcome::Found)
    } else {
        let stdin = std::io::stdin().lock();
        for line in stdin.lines() {
            let line = line.map_err(|e| Error::io("<stdin>", e))?;
            s.feed(&line);
            if s.quit {
                break;
            }
        }
        if !s.quit {
            s.finish();
        }
        Ok(if s.failed {
            Outcome::Nothing
        } else {
            Outcome::Found
        })
    }
}

fn interactive(s: &mut Session) -> Result<(), Error> {
    let mut editor = rustyline::DefaultEditor::new()
        .map_err(|e| Error::Invalid(format!("cannot start the line editor: {e}")))?;
    let history = history_file();
    if let Some(h) = &history {
        // A first session has no history yet.
        let _ = editor.load_history(h);
    }
    println!(
        "egov shell: {} nodes, {} relationships{}. End statements with ';'; :help lists the commands, :quit leaves.",
        s.graph.node_count(),
        s.graph.rel_count(),
        if s.scratch { " (scratch graph)" } else { "" }
    );
    while !s.quit {
        let prompt = if s.pending.is_empty() {
            "egov> "
        } else {
            "  ...> "
        };
        match editor.readline(prompt) {
            Ok(line) => {
                if let Some(entry) = s.feed(&line) {
                    let _ = editor.add_history_entry(entry.trim());
                }
            }
            Err(ReadlineError::Interrupted) => s.pending.clear(),
            Err(ReadlineError::Eof) => break,
            Err(e) => return Err(Error::Invalid(format!("cannot read a line: {e}"))),
        }
    }
    if let Some(h) = &history {
        if let Err(e) = editor.save_history(h) {
            eprintln!("egov: cannot save the history to {}: {e}", h.display());
        }
    }
    Ok(())
}

/// `~/.egov_history`, when there is a home directory.
fn history_file() -> Option<PathBuf> {
    std::env::var_os("HOME")
        .filter(|h| !h.is_empty())
        .map(|h| PathBuf::from(h).join(".egov_history"))
}

impl Session {
    /// Takes one line of input; returns what to keep in the history when
    /// the line completed a statement or was a command.
    fn feed(&mut self, line: &str) -> Option<String> {
        if self.pending.trim().is_empty() && line.trim_start().starts_with(':') {
            self.pending.clear();
            self.command(line.trim());
            return Some(line.trim().to_string());
        }
        self.pending.push_str(line);
        self.pending.push('\n');
        let end = last_semicolon(&self.pending)?;
        let text: String = self.pending.drain(..end).collect();
        if self.pending.trim().is_empty() {
            self.pending.clear();
        }
        self.statements(&text);
        Some(text)
    }

    /// Runs what is left at the end of the input, as if ended by `;`.
    fn finish(&mut self) {
        let text = std::mem::take(&mut self.pending);
        if !query::split_statements(&text).is_empty() {
            self.statements(&text);
        }
    }

    fn statements(&mut self, text: &str) {
        for st in query::split_statements(text) {
            let result = if self.scratch {
                // All or nothing: a statement that fails part-way leaves
                // the scratch graph as it was.
                let mut copy = self.graph.clone();
                let result = query::run(&mut copy, st, &self.params, true);
                if result.is_ok() {
                    self.graph = copy;
                }
                result
            } else {
                query::run(&mut self.graph, st, &self.params, false)
            };
            match result {
                // A statement without RETURN (a write) prints nothing.
                Ok(t) if t.columns.is_empty() => {}
                Ok(t) => {
                    let mut out = Out::new(self.width);
                    query_cmd::print(&self.graph, &t, self.format, &mut out);
                    if self.format == Format::Table {
                        out.line(output::plural(t.rows.len(), "row"));
                    }
                    self.flush(out);
                }
                Err(e) => self.fail(&e.to_string()),
            }
        }
    }

    fn command(&mut self, line: &str) {
        let (name, arg) = line.split_once(char::is_whitespace).unwrap_or((line, ""));
        let arg = arg.trim();
        let mut out = Out::new(self.width);
        match name {
            ":help" | ":h" | ":?" => {
                out.line(HELP.replace("{format}", format_name(self.format)));
            }
            ":quit" | ":q" | ":exit" => self.quit = true,
            ":schema" => {
                let t = query::schema(&self.graph);
                query_cmd::print(&self.graph, &t, self.format, &mut out);
            }
            ":format" => match arg {
                "table" => self.format = Format::Table,
                "json" => self.format = Format::Json,
                "csv" => self.format = Format::Csv,
                "" => out.line(format_name(self.format)),
                other => {
                    return self.fail(&format!(
                        "unknown format '{other}': :format table, json or csv"
                    ))
                }
            },
            ":param" if arg.is_empty() => {
                for (k, v) in &self.params {
                    out.line(format!("${k} = {}", query::literal(v, &self.graph)));
                }
            }
            ":param" => match parse_param(arg) {
                Ok((k, v)) => {
                    self.params.insert(k, v);
                }
                Err(e) => return self.fail(&e),
            },
            other => {
                return self.fail(&format!(
                    "unknown command '{other}': :help lists the commands"
                ))
            }
        }
        self.flush(out);
    }

    fn fail(&mut self, message: &str) {
        eprintln!("egov: {message}");
        self.failed = true;
    }

    fn flush(&mut self, out: Out) {
        if let Err(e) = out.flush() {
            self.fail(&format!("cannot write the answer: {e}"));
            self.quit = true;
        }
    }
}

fn format_name(f: Format) -> &'static str {
    match f {
        Format::Json => "json",
        Format::Csv => "csv",
        Format::Table => "table",
    }
}

/// The byte just after the last `;` outside strings and comments.
fn last_semicolon(text: &str) -> Option<usize> {
    open_cypher::lex(text)
        .tokens
        .iter()
        .rev()
        .find(|t| t.kind == open_cypher::TokenKind::Semicolon)
        .map(|t| t.span.end)
}
