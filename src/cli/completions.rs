//! `upr-brief completions SHELL` and `upr-brief man`: generated from the same
//! clap definitions as the command line itself.

use std::collections::BTreeSet;
use std::io::Write;
use std::path::PathBuf;

use clap::CommandFactory;
use clap_complete::Shell;

use super::{Cli, exit};
use crate::diag::Diagnostics;
use crate::ingest;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The shell to complete for.
    pub shell: Shell,
}

/// Prints a completion script for the shell.
pub fn run(args: &Args) -> u8 {
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut Cli::command(), "upr-brief", &mut script);
    let mut script = String::from_utf8_lossy(&script).into_owned();
    match args.shell {
        Shell::Bash => script = bash_values(&bash_labels(&script)),
        Shell::Zsh => script = zsh_values(&script),
        Shell::Fish => script = fish_values(&script),
        _ => {}
    }
    match std::io::stdout().write_all(script.as_bytes()) {
        Ok(()) => exit::OK,
        Err(e) => super::failure("cannot write the completion script", &e),
    }
}

/// clap_complete (4.6) spells a hyphenated program name one way in the bash
/// script's loop that finds the subcommand (`upr__brief__subcmd__build`) and
/// another in the case arms that complete it (`upr__subcmd__brief__subcmd__build`),
/// so no subcommand's options ever complete (clap-rs/clap#6421). The arms are
/// renamed to the loop's spelling.
fn bash_labels(script: &str) -> String {
    script.replace("upr__subcmd__brief__", "upr__brief__")
}

// What clap cannot know, added to the scripts it writes: `--only` and
// `handover`'s arguments take the campaign's meeting ids, which `upr-brief
// meeting-ids` prints for the inputs folder the command line names, and
// `import uhri` takes an .xlsx workbook.

/// The bash script's `--only` values, `handover`'s meeting ids and `import
/// uhri`'s workbook.
fn bash_values(script: &str) -> String {
    let script = script.replace(
        "                --only)\n                    COMPREPLY=($(compgen -f \"${cur}\"))",
        "                --only)\n                    COMPREPLY=($(compgen -W \"$(_upr_brief_meeting_ids)\" -- \"${cur}\"))",
    );
    // `handover`: a word that is no option nor an option's value.
    let handover = "        upr__brief__subcmd__handover)\n";
    let script = script.replace(
        handover,
        &format!(
            "{handover}            if [[ ${{cur}} != -* && ( ${{prev}} != --* || ${{prev}} == --dry-run ) ]] ; then\n                COMPREPLY=($(compgen -W \"$(_upr_brief_meeting_ids)\" -- \"${{cur}}\"))\n                return 0\n            fi\n"
        ),
    );
    let uhri = "        upr__brief__subcmd__import__subcmd__uhri)\n";
    let script = script.replace(
        uhri,
        &format!(
            "{uhri}            if [[ ${{cur}} != -* && ${{prev}} != --inputs ]] ; then\n                _upr_brief_workbooks\n                return 0\n            fi\n"
        ),
    );
    format!("{BASH_HELPERS}\n{script}")
}

const BASH_HELPERS: &str = r#"# The campaign's meeting ids, for --only: in the inputs folder the command
# line names, else in inputs/.
_upr_brief_meeting_ids() {
    local i inputs=inputs
    for (( i = 1; i < COMP_CWORD; i++ )); do
        if [[ ${COMP_WORDS[i]} == --inputs ]]; then
            inputs=${COMP_WORDS[i+1]}
        fi
    done
    "${COMP_WORDS[0]}" meeting-ids --inputs "${inputs}" 2>/dev/null
}

# Folders and .xlsx workbooks, for import uhri.
_upr_brief_workbooks() {
    local IFS=$'
'
    compopt -o filenames 2>/dev/null
    COMPREPLY=( $(compgen -d -- "${cur}") $(compgen -f -X '!*.[xX][lL][sS][xX]' -- "${cur}") )
}
"#;

/// The zsh script's `--only` values, `handover`'s meeting ids and `import
/// uhri`'s workbook.
fn zsh_values(script: &str) -> String {
    let script = script
        .replace(
            ":MEETING_ID:_default'",
            ":MEETING_ID:_upr_brief_meeting_ids'",
        )
        .replace(
            "handed over:_default'",
            "handed over:_upr_brief_meeting_ids'",
        )
        .replace(
            ":file -- The exported workbook (.xlsx):_files'",
            ":file -- The exported workbook (.xlsx):_files -g \"*.(xlsx|XLSX)\"'",
        );
    let end = "\nif [ \"$funcstack[1]\" = \"_upr-brief\" ]; then";
    script.replacen(end, &format!("\n{ZSH_HELPERS}{end}"), 1)
}

const ZSH_HELPERS: &str = r#"(( $+functions[_upr_brief_meeting_ids] )) ||
_upr_brief_meeting_ids() {
    local -a ids
    ids=(${(f)"$(upr-brief meeting-ids --inputs "${opt_args[--inputs]:-inputs}" 2>/dev/null)"})
    compadd -a ids
}
"#;

/// The fish script's `--only` values, `handover`'s meeting ids and `import
/// uhri`'s workbook.
fn fish_values(script: &str) -> String {
    let mut out = String::from(FISH_HELPERS);
    for line in script.lines() {
        out.push_str(line);
        if line.contains(" -l only ") && line.ends_with(" -r") {
            out.push_str(" -f -a \"(__fish_upr_brief_meeting_ids)\"");
        }
        out.push('\n');
    }
    out.push_str(
        "complete -c upr-brief -n \"__fish_upr_brief_using_subcommand import; and __fish_seen_subcommand_from uhri\" -f -a \"(__fish_upr_brief_workbooks)\"\n",
    );
    out.push_str(
        "complete -c upr-brief -n \"__fish_upr_brief_using_subcommand handover\" -f -a \"(__fish_upr_brief_meeting_ids)\"\n",
    );
    out
}

const FISH_HELPERS: &str = r#"# The campaign's meeting ids, for --only: in the inputs folder the command
# line names, else in inputs/.
function __fish_upr_brief_meeting_ids
    set -l cmd (commandline -opc)
    set -l inputs inputs
    set -l i (contains -i -- --inputs $cmd)
    and set -q cmd[(math $i + 1)]
    and set inputs $cmd[(math $i + 1)]
    $cmd[1] meeting-ids --inputs $inputs 2>/dev/null
end

# Folders and .xlsx workbooks, for import uhri.
function __fish_upr_brief_workbooks
    for f in (commandline -ct)*
        if test -d $f
            echo $f/
        else if string match -qi -- '*.xlsx' $f
            echo $f
        end
    end
end

"#;

#[derive(Debug, clap::Args)]
pub struct MeetingIdsArgs {
    /// The campaign's inputs folder.
    #[arg(long, value_name = "DIR", default_value = "inputs")]
    pub inputs: PathBuf,
}

/// Prints the campaign's meeting ids, one a line, for the completion of
/// `--only`: each meeting's `id`, else its file's name. Nothing is checked,
/// so a campaign with errors still completes.
pub fn meeting_ids(args: &MeetingIdsArgs) -> u8 {
    let mut diags = Diagnostics::default();
    let inputs = match ingest::ingest(&args.inputs, &mut diags) {
        Ok(inputs) => inputs,
        Err(e) => return super::failure("cannot read the inputs", &e),
    };
    let mut ids = BTreeSet::new();
    for (file, source) in inputs.sources.iter() {
        if !source.rel.starts_with("meetings") {
            continue;
        }
        let given = inputs
            .meetings
            .iter()
            .find(|m| m.file == file)
            .and_then(|m| m.value.id.as_deref())
            .map(str::trim);
        let stem = source.rel.file_stem().map(|s| s.to_string_lossy());
        if let Some(id) = given.map(String::from).or(stem.map(|s| s.into_owned())) {
            ids.insert(id);
        }
    }
    let mut text = String::new();
    for id in ids {
        text.push_str(&id);
        text.push('\n');
    }
    match std::io::stdout().write_all(text.as_bytes()) {
        Ok(()) => exit::OK,
        Err(e) => super::failure("cannot write the meeting ids", &e),
    }
}

/// Prints the man page (roff) to standard output: one complete page, every
/// command with its options, the exit status, the environment, the files and
/// examples.
pub fn man() -> u8 {
    match man_page() {
        Ok(page) => match std::io::stdout().write_all(&page) {
            Ok(()) => exit::OK,
            Err(e) => super::failure("cannot write the man page", &e),
        },
        Err(e) => super::failure("cannot write the man page", &e),
    }
}

fn man_page() -> std::io::Result<Vec<u8>> {
    let mut cmd = Cli::command();
    cmd.build();
    let page = clap_mangen::Man::new(cmd.clone());
    let mut out = Vec::new();
    page.render_title(&mut out)?;
    page.render_name_section(&mut out)?;
    page.render_synopsis_section(&mut out)?;
    page.render_description_section(&mut out)?;
    page.render_options_section(&mut out)?;
    let mut roff = String::from(".SH COMMANDS\n");
    for sub in visible_subcommands(&cmd) {
        command_section(&mut roff, sub);
    }
    roff.push_str(MAN_SECTIONS);
    out.extend_from_slice(roff.as_bytes());
    page.render_version_section(&mut out)?;
    // Each part clap renders repeats the page's two-line preamble: keep the first.
    let text = String::from_utf8_lossy(&out);
    let preamble = ".ie \\n(.g .ds Aq \\(aq\n.el .ds Aq '\n";
    let body = text.replacen(preamble, "\u{0}", 1).replace(preamble, "");
    Ok(body.replacen('\u{0}', preamble, 1).into_bytes())
}

/// The subcommands a user can type: neither hidden nor clap's `help`.
fn visible_subcommands(cmd: &clap::Command) -> impl Iterator<Item = &clap::Command> {
    cmd.get_subcommands()
        .filter(|s| s.get_name() != "help" && !s.is_hide_set())
}

/// A command's part of COMMANDS: its name, usage, description and options,
/// then those of each of its own subcommands (`import uhri`).
fn command_section(roff: &mut String, sub: &clap::Command) {
    let path = sub.get_bin_name().unwrap_or(sub.get_name());
    let usage = sub.clone().render_usage().to_string();
    let usage = usage.strip_prefix("Usage: ").unwrap_or(&usage);
    roff.push_str(&format!(
        ".SS \"{}\"\n\\fB{}\\fR\n.br\n{}\n",
        esc(path),
        esc(usage),
        esc(&sub.get_about().map(ToString::to_string).unwrap_or_default())
    ));
    for arg in sub.get_arguments().filter(|a| !a.is_hide_set()) {
        let mut names = Vec::new();
        if let Some(c) = arg.get_short() {
            names.push(format!("\\fB\\-{c}\\fR"));
        }
        if let Some(l) = arg.get_long() {
            names.push(format!("\\fB{}\\fR", esc(&format!("--{l}"))));
        }
        let values: Vec<String> = arg
            .get_value_names()
            .map(|v| v.iter().map(|n| format!("\\fI{}\\fR", esc(n))).collect())
            .unwrap_or_default();
        let mut head = names.join(", ");
        if arg.get_num_args().is_some_and(|n| n.takes_values()) || arg.is_positional() {
            let value = values
                .first()
                .cloned()
                .unwrap_or_else(|| format!("\\fI{}\\fR", esc(arg.get_id().as_str())));
            head = if head.is_empty() {
                value
            } else {
                format!("{head} {value}")
            };
        }
        let mut help = arg.get_help().map(ToString::to_string).unwrap_or_default();
        let defaults: Vec<String> = arg
            .get_default_values()
            .iter()
            .map(|v| v.to_string_lossy().into_owned())
            .collect();
        if !defaults.is_empty() && arg.get_num_args().is_none_or(|n| n.takes_values()) {
            help.push_str(&format!(" (default: {})", defaults.join(",")));
        }
        roff.push_str(&format!(".TP\n{head}\n{}\n", esc(&help)));
    }
    for nested in visible_subcommands(sub) {
        command_section(roff, nested);
    }
}

/// Text made safe for roff: backslashes and hyphens escaped, and no line
/// starting with a control character.
fn esc(text: &str) -> String {
    let text = text.replace('\\', "\\e").replace('-', "\\-");
    text.lines()
        .map(|l| {
            if l.starts_with(['.', '\'']) {
                format!("\\&{l}")
            } else {
                l.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The parts of the page that clap does not know.
const MAN_SECTIONS: &str = r#".SH "EXIT STATUS"
.TP
0
Success (warnings allowed).
.TP
1
The inputs or templates are invalid; the diagnostics are printed and nothing is written.
.TP
2
Command\-line usage error.
.TP
3
An I/O or rendering failure.
.SH ENVIRONMENT
.TP
SOURCE_DATE_EPOCH
Seconds since 1970: the build date (which follow\-ups are overdue) and the date inside each file the build rewrites; a file whose content did not change keeps the date it was written with. With it, two clean builds of the same inputs are byte\-identical; without it, the time of the build is used.
.TP
XDG_CACHE_HOME
Where the font scan's cache is kept (upr\-brief/fonts\-*.json), else ~/.cache.
.SH FILES
.TP
inputs/
campaign.yaml, states/*.yaml, organizations/*.yaml, recommendations/*.yaml and meetings/*.yaml; states/imported/*.uhri.yaml, written by import uhri; handovers/*.yaml, written by handover.
.TP
templates/
Templates and language files (templates/i18n/<lang>.yaml) that override the built\-in ones, file by file.
.TP
output/
<meeting\-id>.pdf and .docx, summary.*, submission.*, calendar.ics (the review calendar), manifest.json, and mail/*.eml drafts.
.TP
~/.cache/upr\-brief/
What the scan of the system's fonts and the fonts folder found, so that a command opens only the faces it uses; rebuilt when a font file or folder changes.
.SH EXAMPLES
.TP
upr\-brief check
Report every problem in inputs/, with file, line and column.
.TP
upr\-brief build \-\-only 2024\-03\-21\-france
Bring one meeting's pack up to date in output/.
.TP
upr\-brief handover 2024\-03\-21\-france \-\-date 2024\-03\-21
Record that the current pack of the meeting was handed over that day; check then says when it changes.
.TP
upr\-brief import uhri export.xlsx \-\-dry\-run
Show what importing an export of the Universal Human Rights Index would change in inputs/states/.
.TP
SOURCE_DATE_EPOCH=$(git log \-1 \-\-format=%ct) upr\-brief build \-\-quiet
Build reproducibly, as a CI job would.
.TP
upr\-brief completions bash > ~/.local/share/bash\-completion/completions/upr\-brief
Install bash completion.
"#;
