//! The command line as the user typed it (clap derive). What each command
//! does with it lives in its own file beside this one.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

const ABOUT: &str = "A graph database of international e-government relations.

Countries, ministries, agencies and people are nodes; MOUs, forums,
seminars, projects and exports are edges, each citing the text that reports
it. With no --db, every command runs on the built-in curated dataset of
Korea's e-government cooperation.";

const EXAMPLES: &str = "Examples:
  egov stats                          what the database holds
  egov show kz                        Kazakhstan, its ties and their sources
  egov search kazak                   find ids by name, alias or misspelling
  egov validate graphs/ --strict      check curated TOML files
  egov init my.egdb --from graphs/    build a database file
  egov --db my.egdb --format json stats";

/// `egov`: query and draw the e-government cooperation graph.
#[derive(Debug, Parser)]
#[command(name = "egov", version, about = ABOUT, after_help = EXAMPLES)]
pub struct Cli {
    /// Database file to read (default: the built-in curated dataset).
    #[arg(long, global = true, env = "EGOV_DB", value_name = "PATH")]
    pub db: Option<PathBuf>,

    /// Output format.
    #[arg(long, global = true, value_enum, default_value_t = Format::Table)]
    pub format: Format,

    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// How results are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Aligned text tables (Markdown style), for people.
    Table,
    /// JSON, for scripts; the shapes are documented in docs/.
    Json,
    /// CSV with a header row, for spreadsheets.
    Csv,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Count nodes, edges and sources, by kind.
    #[command(after_help = "Example:\n  egov stats --format json")]
    Stats,

    /// Show one node: its fields, and its edges grouped by kind with dates and citations.
    #[command(
        after_help = "Examples:\n  egov show kz\n  egov show \"Ministry of the Interior\"\n  egov show MOI --format json"
    )]
    Show {
        /// An id, name or alias (case does not matter).
        node: String,
    },

    /// Find nodes by id, name or alias; tolerant of case, accents and small misspellings.
    #[command(
        after_help = "Examples:\n  egov search kazak\n  egov search Kazakstan --format json"
    )]
    Search {
        /// What to look for.
        text: String,
        /// At most this many results.
        #[arg(long, default_value_t = 10)]
        limit: usize,
    },

    /// Check data files (TOML or CSV) and report every problem as file:line:col.
    #[command(
        after_help = "Exit code 1 when there are errors (or, with --strict, warnings).\n\nExamples:\n  egov validate\n  egov validate graphs/ --strict\n  egov validate nodes.csv edges.csv"
    )]
    Validate {
        /// Files or folders of .toml and .csv files.
        #[arg(default_value = "graphs")]
        paths: Vec<PathBuf>,
        /// Treat warnings (e.g. a cooperation edge without a citation) as errors.
        #[arg(long)]
        strict: bool,
    },

    /// Build a database file from TOML or CSV data files.
    #[command(
        after_help = "Nothing is written unless every input is valid; the file is replaced atomically.\n\nExamples:\n  egov init my.egdb --from graphs/\n  egov init my.egdb --from nodes.csv edges.csv"
    )]
    Init {
        /// The database file to create.
        db: PathBuf,
        /// Files or folders of .toml and .csv files.
        #[arg(long, required = true, num_args = 1..)]
        from: Vec<PathBuf>,
        /// Replace the file if it exists.
        #[arg(long)]
        force: bool,
        /// Treat warnings as errors.
        #[arg(long)]
        strict: bool,
    },

    /// Shortest cooperation path between two actors, each hop explained by its sources.
    #[command(
        after_help = "Exit code 1 when there is no path.\n\nExamples:\n  egov path fr uz --explain\n  egov path France Uzbekistan -k 3\n  egov path fr uz --all --level all\n  egov path kr by --weighted --since 2016 --format json"
    )]
    Path(PathArgs),

    /// The ego network: every node within --depth hops, and the edges among them.
    #[command(
        after_help = "Examples:\n  egov neighbors kz\n  egov neighbors kz --depth 2 --no-context\n  egov neighbors kr-moi --level all --format json"
    )]
    Neighbors(NeighborsArgs),

    /// Events in date order (partial dates sorted sensibly), each with its citation.
    #[command(
        after_help = "Context edges (borders, memberships) are left out unless asked for with --kinds.\n\nExamples:\n  egov timeline\n  egov timeline kz --since 2016\n  egov timeline --kinds mou,loi --format csv"
    )]
    Timeline(TimelineArgs),

    /// Add a node, an edge or a source to the --db database (one transaction).
    #[command(
        subcommand,
        after_help = "Every write locks the database, checks the result with the rules of 'egov validate' and replaces the file atomically; a refused write leaves it unchanged.\n\nExamples:\n  egov --db my.egdb add node uz-mdt --kind ministry --name \"Ministry of Digital Technologies\" --country uz\n  egov --db my.egdb add edge kr uz --kind mou --date 2019-04 --cite kit-2019 --quote \"signed an MOU\"\n  egov --db my.egdb add source kit-2019 --title \"Korea and Uzbekistan sign MOU\" --date 2019-04-18"
    )]
    Add(AddWhat),

    /// Remove a node (or source) from the --db database; refuses to leave edges dangling unless --cascade.
    #[command(
        after_help = "Examples:\n  egov --db my.egdb rm uz-mdt\n  egov --db my.egdb rm uz --cascade --dry-run"
    )]
    Rm(RmArgs),

    /// Change fields of a node or source in the --db database.
    #[command(
        after_help = "Node fields: name, kind, aliases (';'-separated), country, region, note, attr.NAME.\nSource fields: title, publisher, author, date, file, url, note.\nAn empty value clears an optional field.\n\nExamples:\n  egov --db my.egdb set kz name=Kazakhstan \"aliases=Republic of Kazakhstan;Kazakstan\"\n  egov --db my.egdb set kit-2017-04-30 url=https://example.org/a"
    )]
    Set(SetArgs),

    /// Merge TOML or CSV files into the --db database: same id updates, a new id adds.
    #[command(
        after_help = "All files are merged as one transaction: if any record is invalid, nothing is written.\n\nExamples:\n  egov --db my.egdb import new-nodes.csv new-edges.csv --dry-run\n  egov --db my.egdb import graphs/"
    )]
    Import(ImportArgs),
}

/// Flags every write takes.
#[derive(Debug, Clone, Args)]
pub struct WriteArgs {
    /// Print the change set without writing anything.
    #[arg(long)]
    pub dry_run: bool,
    /// Fail at once if another egov is writing to the database, instead of waiting.
    #[arg(long)]
    pub no_wait: bool,
}

/// `egov add`.
#[derive(Debug, Clone, Subcommand)]
pub enum AddWhat {
    /// Add a node.
    Node(AddNodeArgs),
    /// Add an edge between two existing nodes.
    Edge(AddEdgeArgs),
    /// Add a source that citations can name.
    Source(AddSourceArgs),
}

/// `egov add node`.
#[derive(Debug, Clone, Args)]
pub struct AddNodeArgs {
    /// The new node's id (lower-case letters, digits, '-' and '_').
    pub id: String,
    /// country, ministry, agency, organization or person.
    #[arg(long)]
    pub kind: String,
    /// Display name.
    #[arg(long)]
    pub name: String,
    /// The country a ministry, agency or person belongs to (its id).
    #[arg(long)]
    pub country: Option<String>,
    /// A country's UN M49 sub-region, e.g. "Central Asia".
    #[arg(long)]
    pub region: Option<String>,
    /// Another name that resolves to the node (repeatable).
    #[arg(long = "alias", value_name = "ALIAS")]
    pub aliases: Vec<String>,
    /// Free text.
    #[arg(long)]
    pub note: Option<String>,
    #[command(flatten)]
    pub write: WriteArgs,
}

/// `egov add edge`.
#[derive(Debug, Clone, Args)]
pub struct AddEdgeArgs {
    /// The node it starts from (id).
    pub from: String,
    /// The node it goes to (id).
    pub to: String,
    /// mou, loi, forum, seminar, conference, project, export, visit,
    /// hub_designation, affiliation, part_of, member_of or borders.
    #[arg(long)]
    pub kind: String,
    /// When it happened: 2016, 2016-11 or 2016-11-05.
    #[arg(long)]
    pub date: Option<String>,
    /// The end of a span (an affiliation, a membership).
    #[arg(long)]
    pub end_date: Option<String>,
    /// Money involved, in US dollars.
    #[arg(long, value_name = "X")]
    pub amount_usd: Option<String>,
    /// Where it happened.
    #[arg(long)]
    pub place: Option<String>,
    /// What was exported or done.
    #[arg(long)]
    pub what: Option<String>,
    /// A person's role (affiliation edges).
    #[arg(long)]
    pub role: Option<String>,
    /// The region named (hub_designation edges).
    #[arg(long)]
    pub region: Option<String>,
    /// Free text.
    #[arg(long)]
    pub note: Option<String>,
    /// The source that reports it (a source id).
    #[arg(long, value_name = "SOURCE")]
    pub cite: Option<String>,
    /// A short exact quote from the cited source.
    #[arg(long, value_name = "TEXT", requires = "cite")]
    pub quote: Option<String>,
    #[command(flatten)]
    pub write: WriteArgs,
}

/// `egov add source`.
#[derive(Debug, Clone, Args)]
pub struct AddSourceArgs {
    /// The new source's id.
    pub id: String,
    /// Headline or reference name.
    #[arg(long)]
    pub title: String,
    /// Newspaper, agency or body.
    #[arg(long)]
    pub publisher: Option<String>,
    /// Author, where printed.
    #[arg(long)]
    pub author: Option<String>,
    /// Publication date.
    #[arg(long)]
    pub date: Option<String>,
    /// A public address.
    #[arg(long)]
    pub url: Option<String>,
    /// Free text.
    #[arg(long)]
    pub note: Option<String>,
    #[command(flatten)]
    pub write: WriteArgs,
}

/// `egov rm`.
#[derive(Debug, Clone, Args)]
pub struct RmArgs {
    /// The id of the node (or source) to remove.
    pub id: String,
    /// Also remove what depends on it: a node's edges and the nodes whose
    /// country it is; a source's citations.
    #[arg(long)]
    pub cascade: bool,
    /// ID names a source (when a node has the same id).
    #[arg(long)]
    pub source: bool,
    #[command(flatten)]
    pub write: WriteArgs,
}

/// `egov set`.
#[derive(Debug, Clone, Args)]
pub struct SetArgs {
    /// The id of the node (or source) to change.
    pub id: String,
    /// FIELD=VALUE pairs.
    #[arg(required = true, value_name = "FIELD=VALUE")]
    pub fields: Vec<String>,
    /// ID names a source (when a node has the same id).
    #[arg(long)]
    pub source: bool,
    #[command(flatten)]
    pub write: WriteArgs,
}

/// `egov import`.
#[derive(Debug, Clone, Args)]
pub struct ImportArgs {
    /// Files or folders of .toml and .csv files.
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    #[command(flatten)]
    pub write: WriteArgs,
}

/// `egov path`.
#[derive(Debug, Clone, Args)]
pub struct PathArgs {
    /// Where the path starts: an id, name or alias.
    pub from: String,
    /// Where it ends.
    pub to: String,
    /// Every shortest path (at most 100), not just one.
    #[arg(long, conflicts_with = "k")]
    pub all: bool,
    /// The k shortest simple paths (Yen's algorithm).
    #[arg(short, value_name = "N")]
    pub k: Option<usize>,
    /// Cost each hop by tie strength: stronger, more recent, cited ties are
    /// cheaper (see docs/analysis.md).
    #[arg(long)]
    pub weighted: bool,
    /// Follow directed kinds (export, project, visit…) only their way.
    #[arg(long)]
    pub directed: bool,
    /// Print every edge behind each hop with its date, quote and source file.
    #[arg(long)]
    pub explain: bool,
    #[command(flatten)]
    pub view: ViewArgs,
}

/// `egov neighbors`.
#[derive(Debug, Clone, Args)]
pub struct NeighborsArgs {
    /// The centre: an id, name or alias.
    pub node: String,
    /// How many hops out.
    #[arg(long, default_value_t = 1)]
    pub depth: u32,
    #[command(flatten)]
    pub view: ViewArgs,
}

/// `egov timeline`.
#[derive(Debug, Clone, Args)]
pub struct TimelineArgs {
    /// Only events involving this node (at the chosen level: `kz` includes
    /// Kazakhstan's ministries and people).
    pub node: Option<String>,
    /// Also list undated edges, after the dated ones.
    #[arg(long)]
    pub undated: bool,
    #[command(flatten)]
    pub view: ViewArgs,
}

/// The view and filters every analysis command takes.
#[derive(Debug, Clone, Args)]
pub struct ViewArgs {
    /// country: bodies and people fold into their country; org: people fold
    /// into their organisation; all: the raw multigraph.
    #[arg(long, value_enum, default_value_t = Level::Country)]
    pub level: Level,
    /// Keep only these edge kinds (comma-separated, e.g. mou,forum,export).
    #[arg(long, value_delimiter = ',', value_name = "KINDS")]
    pub kinds: Vec<String>,
    /// Leave out these edge kinds.
    #[arg(long, value_delimiter = ',', value_name = "KINDS")]
    pub exclude_kinds: Vec<String>,
    /// Keep events that may fall on or after this date (2016, 2016-11, 2016-11-05).
    #[arg(long, value_name = "DATE")]
    pub since: Option<String>,
    /// Keep events that may fall on or before this date.
    #[arg(long, value_name = "DATE")]
    pub until: Option<String>,
    /// Leave out context edges (borders, member_of).
    #[arg(long)]
    pub no_context: bool,
}

/// How far nodes are folded together before analysis.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Level {
    /// Ministries, agencies and people fold into their country.
    Country,
    /// People fold into their organisation.
    Org,
    /// The raw multigraph.
    All,
}
