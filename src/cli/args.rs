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

    /// Rank nodes by centrality (NetworkX definitions and normalisation).
    #[command(
        after_help = "Values match NetworkX's degree_centrality, betweenness_centrality (normalized),\ncloseness_centrality (Wasserman-Faust), eigenvector_centrality and pagerank (alpha 0.85)\non the view as a simple undirected graph.\n\nExamples:\n  egov hubs --metric all\n  egov hubs --metric betweenness --top 5 --no-context\n  egov hubs --metric pagerank --weighted --format json"
    )]
    Hubs(HubsArgs),

    /// Which partner countries carry a source's ties into a region.
    #[command(
        after_help = "A country's score is the share of shortest paths from the source to the region's\ncountries that pass through it (see docs/analysis.md).\n\nExamples:\n  egov spreaders --from kr\n  egov spreaders --from kr --region \"Central Asia\"\n  egov spreaders --from kr --region CIS --format json"
    )]
    Spreaders(SpreadersArgs),

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

    /// Make a synthetic world graph (for measuring performance): countries,
    /// bodies, people and cooperation ties with hubs; the same seed gives the same graph.
    #[command(
        after_help = "Examples:\n  egov generate --edges 1000000 --seed 1 -o big.egdb\n  egov generate --countries 195 --orgs 20000 --people 20000 --edges 100000 --csv big-csv/"
    )]
    Generate(GenerateArgs),
}

/// `egov generate`.
#[derive(Debug, Clone, Args)]
pub struct GenerateArgs {
    /// Countries (at most 676).
    #[arg(long, default_value_t = 195)]
    pub countries: usize,
    /// Ministries, agencies and international organizations (default: edges / 10).
    #[arg(long)]
    pub orgs: Option<usize>,
    /// People (default: edges / 10).
    #[arg(long)]
    pub people: Option<usize>,
    /// Edges in all, structural ones included.
    #[arg(long, default_value_t = 100_000)]
    pub edges: usize,
    /// The random seed.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Write a database file.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Write nodes.csv, edges.csv and sources.csv into this folder.
    #[arg(long, value_name = "DIR")]
    pub csv: Option<PathBuf>,
    /// Replace the database file if it exists.
    #[arg(long)]
    pub force: bool,
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

/// `egov hubs`.
#[derive(Debug, Clone, Args)]
pub struct HubsArgs {
    /// Which measure to compute and sort by.
    #[arg(long, value_enum, default_value_t = Metric::All)]
    pub metric: Metric,
    /// Show at most this many nodes.
    #[arg(long, default_value_t = 20)]
    pub top: usize,
    /// Use tie strength: as a length for betweenness and closeness (stronger
    /// ties are shorter), as a weight for eigenvector and PageRank.
    #[arg(long)]
    pub weighted: bool,
    /// Estimate betweenness from this many sampled sources (for large
    /// graphs); exact when absent.
    #[arg(long, value_name = "K")]
    pub samples: Option<usize>,
    /// Only list nodes of these kinds (e.g. country).
    #[arg(long, value_delimiter = ',', value_name = "KINDS")]
    pub node_kinds: Vec<String>,
    #[command(flatten)]
    pub view: ViewArgs,
}

/// A centrality measure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Metric {
    /// Every measure, sorted by betweenness.
    All,
    /// Degree centrality: neighbours / (n - 1).
    Degree,
    /// Betweenness centrality, normalised.
    Betweenness,
    /// Closeness centrality (Wasserman-Faust for disconnected graphs).
    Closeness,
    /// Eigenvector centrality.
    Eigenvector,
    /// PageRank, alpha 0.85.
    Pagerank,
}

/// `egov spreaders`.
#[derive(Debug, Clone, Args)]
pub struct SpreadersArgs {
    /// The source country: an id, name or alias.
    #[arg(long)]
    pub from: String,
    /// A UN M49 sub-region ("Central Asia") or an organization whose members
    /// form the region ("CIS"); every region when absent.
    #[arg(long)]
    pub region: Option<String>,
    /// Spreaders per region (default: 5 for one region, 3 for all).
    #[arg(long)]
    pub top: Option<usize>,
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
