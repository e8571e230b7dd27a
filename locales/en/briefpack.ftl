# briefpack's messages in English. Each message has the same id and the
# same { $arguments } in locales/th/briefpack.ftl (src/i18n.rs tests this).
# Phrases (io-action-*, output-what-*) are what the code writes: the English
# text of each is its id's last part, as src/i18n.rs's `phrase` finds them.

## The framing of every message.

label-error = error:
label-warning = warning:
label-help = help:
problems-found = { $count } problems found

## A file that could not be read or written.

io-cannot = cannot { $action } { $path }: { $reason }
io-action-read = read
io-action-write = write
io-action-open = open
io-action-remove = remove
io-action-lock = lock
io-action-make-the-output-folder = make the output folder
io-action-read-font = read font
io-action-read-theme = read theme
io-action-read-templates-directory = read templates directory
io-action-read-the-ca-certificate = read the CA certificate
io-action-create-the-outbox-folder = create the outbox folder
io-action-move-to-sent = move to sent/
io-action-open-the-outbox-lock = open the outbox lock
io-action-sync-the-folder = sync the folder
io-reason-not-found = { $os }
io-reason-permission-denied = { $os }
io-reason-already-exists = { $os }
io-reason-is-a-directory = { $os }
io-reason-not-a-directory = { $os }
io-reason-read-only = { $os }
io-reason-storage-full = { $os }
io-reason-invalid-data = { $os }

## Outputs (src/output.rs).

output-what-the-pdf = the PDF
output-what-the-markup = the markup
output-what-the-message = the message
output-what-the-new-file = the new file
output-what-the-file = the file
output-what-the-manual-page = the manual page
output-standard-output = standard output
output-to-standard-output = { $what } to standard output
output-rename = choose another name
output-rename-with-o = choose another name with -o
output-rename-with-o-eg = choose another name with -o, e.g. -o { $default }
output-rename-beside = give the PDF another name with -o: { $what } is named after it
output-rename-eml = rename the PDF: --dry-run writes its message beside it as NAME.eml
output-same-as-input = cannot write { $what } to { $shown }: it is the same file as { $role } { $input }, which this command reads
output-same-as-input-help = writing there would destroy it; { $rename }; nothing was written
output-exists = { $shown } already exists
output-exists-help = { $rename }; nothing was changed
output-not-a-pdf = cannot write { $what } to { $shown }: that file exists and is not a PDF
output-not-a-pdf-help = briefpack replaces only a PDF; { $rename }, or remove { $shown } first if it is to go; nothing was written
role-trip = the trip file
role-city = the city file
role-interactions = the interactions file
role-photo = the photo
role-template = the template
role-theme = the theme
role-font = the font
role-mail-config = the mail configuration
role-markup = the markup file
role-pdf = the PDF to send

## Commands.

build-o-several = -o names one file but several trips were given
build-o-several-help = leave out -o: each pack is named after its trip
build-failed = { $failed } of { $total } packs failed: { $trips }
build-wrote = wrote { $path } ({ $pages ->
        [one] 1 page
       *[other] { $pages } pages
    }, { $bytes } bytes)
monthly-wrote = wrote { $path } ({ $pages ->
        [one] 1 page
       *[other] { $pages } pages
    }, { $bytes } bytes, { $interactions ->
        [one] 1 interaction
       *[other] { $interactions } interactions
    } in { $month }) in { $seconds } s
month-not-a-month = --month `{ $text }` is not a month
month-write-yyyy-mm = write the year and month as YYYY-MM, e.g. 2026-11
month-no-such-month = there is no month { $month }; write YYYY-MM with 01-12
month-buddhist-era = --month `{ $text }`: { $year } looks like a Buddhist Era year (พ.ศ.)
month-buddhist-era-help = months are Gregorian (ค.ศ.): write { $gregorian }
new-trip-needs-city = a trip needs its city
new-trip-needs-city-help = add --city ID, e.g. --city seoul
new-wrote = wrote { $path }: fill it in, then run `briefpack check { $dir }`
send-to-without-pdf = --to was given but no PDF
send-to-without-pdf-help = name the PDFs to send: briefpack send FILE.pdf --to LIST
check-no-problems = { $dir }: { $cities } cities, { $interactions } interactions, { $trips } trips: no problems found
check-warnings = { $dir }: { $cities } cities, { $interactions } interactions, { $trips } trips: { $warnings } warnings, no errors
mail-no-config = there is no mail configuration at { $path }
mail-no-config-help = write one (see "Sending by e-mail" in README.md) or name it with --config FILE

## The help of the command line (src/cli/help.rs): help-CMD-about, help-CMD-arg-ID,
## else help-arg-ID for an option several commands share.

help-about = Thai PDF briefing packs about Bangkok's partner cities, from TOML data and Handlebars templates
help-after-help =
    Examples:
      briefpack build briefs/trips/astana-2026-12.toml -o คณะเดินทางอัสตานา.pdf
      briefpack init bangkok-partners
      briefpack check briefs/
      briefpack monthly --month 2026-11 --send --to executives
      briefpack send astana-2026-12.pdf --to executives
      briefpack outbox
      briefpack new trip seoul-2027-05 --city seoul
      briefpack render tests/fixtures/thai-sample.xml -o ตัวอย่าง.pdf
      briefpack build briefs/trips/astana-2026-12.toml --pdf-standard a-3u
      briefpack extract astana-2026-12.pdf restored
      briefpack schema city > city.schema.json
      briefpack completions bash > ~/.local/share/bash-completion/completions/briefpack
help-arg-color = When to colour messages (auto: when standard error is a terminal and NO_COLOR is unset)
help-arg-quiet = Say nothing but errors (no progress, no warnings, no "wrote ...")
help-arg-verbose = Say more: the time each stage took, and extra information
help-arg-lang = The language of messages and help, en or th (default: from LC_ALL, LC_MESSAGES or LANG)
help-arg-help = Print help
help-arg-help-more = Print help (see more with '--help')
help-arg-help-summary = Print help (see a summary with '-h')
help-arg-version = Print version
help-arg-templates = A directory of templates overriding the built-in ones by file name (pack.hbs and its partials, monthly.hbs, mail-*.hbs)
help-arg-theme = A theme TOML layered over the built-in one
help-arg-emit_markup = Write the generated markup next to the PDF (NAME.xml), for template authors
help-arg-send = E-mail the PDF (one message per PDF) through the outbox
help-arg-to = Distribution lists or addresses (repeatable, or comma-separated); default: default_to in the mail configuration
help-arg-config = The mail configuration (default: mail.toml in the briefs directory)
help-arg-dry_run = With --send: write NAME.eml beside the PDF instead of sending
help-arg-insecure = With --send: allow the SMTP password over an unencrypted connection
help-arg-dir = The briefs directory (default: the project's, else briefs)
help-init-about = Make a new project: briefpack.toml, example briefs, a templates folder
help-init-long-about =
    Make a new project: briefpack.toml, example briefs, a templates folder.

    Every command run in the project's folder or below it finds briefpack.toml (as cargo finds Cargo.toml) and takes its defaults from it. Example: briefpack init bangkok-partners
help-init-arg-dir = The project's folder (made if missing; default: the current one)
help-build-about = Build the briefing pack for one or more trips
help-build-long-about =
    Build the briefing pack for one or more trips.

    Example: briefpack build briefs/trips/astana-2026-12.toml -o อัสตานา.pdf
help-build-arg-trips = Trip files (briefs/trips/NAME.toml; in a project also trips/NAME.toml or NAME, from anywhere in it); a quoted pattern such as "briefs/trips/*.toml" is expanded
help-build-arg-output = Output PDF (one trip only; default: the trip's name with .pdf, in the project's output folder or the current directory)
help-build-arg-watch = Rebuild whenever the trip, its city, a template or the theme changes
help-monthly-about = Build the monthly report: every interaction of a month across all cities
help-monthly-long-about =
    Build the monthly report: every interaction of a month across all cities.

    Example: briefpack monthly --month 2026-11 -o รายงานพฤศจิกายน.pdf briefs/
help-monthly-arg-month = The month, YYYY-MM (Gregorian); default: the month before today
help-monthly-arg-output = Output PDF (default: monthly-YYYY-MM.pdf in the project's output folder or the current directory)
help-send-about = E-mail PDFs through the outbox, then send whatever else is pending there
help-send-long-about =
    E-mail PDFs through the outbox, then send whatever else is pending there.

    Without PDFs, sends only what earlier runs left in the outbox. Example: briefpack send astana-2026-12.pdf --to executives
help-send-arg-pdfs = PDF files; one message each. A quoted pattern such as "out/*.pdf" is expanded
help-send-arg-to = Distribution lists (from the mail configuration) or addresses; repeatable or comma-separated. Default: default_to in the mail configuration
help-send-arg-config = The mail configuration (default: the project's, else briefs/mail.toml)
help-send-arg-dry_run = Write each message as NAME.eml beside its PDF; send nothing
help-send-arg-insecure = Allow sending the SMTP password over an unencrypted connection
help-send-arg-templates = A directory of templates overriding mail-subject.hbs, mail-body.hbs, mail-attachment.hbs
help-outbox-about = List the messages waiting in the outbox
help-outbox-long-about =
    List the messages waiting in the outbox.

    Example: briefpack outbox --config briefs/mail.toml
help-outbox-arg-config = The mail configuration (default: the project's, else briefs/mail.toml)
help-check-about = Check every city and trip file under a directory; report all problems
help-check-long-about =
    Check every city and trip file under a directory; report all problems.

    Example: briefpack check briefs/
help-check-arg-theme = The theme the packs are built with: its fonts must have every character of the data (default: the project's, else the built-in one)
help-check-arg-format = human: messages on standard error; json: one JSON object per problem per line on standard output, then a summary object (for editors and scripts)
help-new-about = Write a new, valid city or trip file to fill in
help-new-long-about =
    Write a new, valid city or trip file to fill in.

    Example: briefpack new trip seoul-2027-05 --city seoul
help-new-arg-kind = `city` or `trip`
help-new-arg-name = File name without .toml (an ASCII id such as `tokyo` or `seoul-2027-05`)
help-new-arg-city = For a trip: the id of its city
help-new-arg-dir = The briefs directory (default: the project's, else briefs)
help-render-about = Typeset a markup file (see templates/README.md) into a PDF
help-render-long-about =
    Typeset a markup file (see templates/README.md) into a PDF.

    Example: briefpack render tests/fixtures/thai-sample.xml -o ตัวอย่าง.pdf
help-render-arg-input = The markup file
help-render-arg-output = Where to write the PDF (default: the input name with .pdf)
help-render-arg-theme = A theme TOML layered over the built-in one (default: the project's)
help-render-arg-keep = A phrase never to split across lines (repeatable)
help-extract-about = Write out the data files a PDF/A-3u pack carries (built with --pdf-standard a-3u)
help-extract-long-about =
    Write out the data files a PDF/A-3u pack carries (built with --pdf-standard a-3u).

    Each goes under DIR at its path in the briefs folder, e.g. trips/astana-2026-12.toml. Example: briefpack extract อัสตานา.pdf restored-briefs
help-extract-arg-pdf = A PDF built with --pdf-standard a-3u
help-extract-arg-dir = The folder to write the files into, each under its path in the briefs folder (made if missing)
help-extract-arg-force = Replace files that are there already
help-arg-pdf_standard = Standards the PDF follows: a-2u or a-3u (PDF/A, archival; a-3u also carries the data files it was made from, for `briefpack extract`), ua-1 (PDF/UA, tagged for screen readers), or none (a plain PDF). Repeatable, or comma-separated; default: pdf_standard in briefpack.toml, else a-2u,ua-1
help-schema-about = Print the JSON Schema of city, interaction or trip files, for editors (Taplo: a `#:schema` line)
help-schema-long-about =
    Print the JSON Schema of city, interaction or trip files, for editors (Taplo: a `#:schema` line).

    The repository ships them in schema/; briefs/README.md says how to use them. Example: briefpack schema --dir schema
help-schema-arg-kind = `city` (cities/ID.toml), `interactions` (cities/ID/*.toml) or `trip` (trips/ID.toml)
help-schema-arg-dir = Write all three (city.schema.json, interactions.schema.json, trip.schema.json) into this folder (made if missing) instead of one to standard output
help-completions-about = Print the shell completion script for bash, zsh, fish, powershell or elvish
help-completions-long-about =
    Print the shell completion script for bash, zsh, fish, powershell or elvish.

    Example: briefpack completions zsh > ~/.zfunc/_briefpack
help-completions-arg-shell = The shell: bash, zsh, fish, powershell or elvish
help-man-about = Write the manual pages (roff): briefpack(1) to standard output, or all of them into a folder
help-man-long-about =
    Write the manual pages (roff): briefpack(1) to standard output, or all of them into a folder.

    Example: briefpack man --dir /usr/local/share/man/man1
help-man-arg-dir = Write briefpack.1 and a page for each command (briefpack-build.1, ...) into this folder (made if missing) instead of briefpack.1 to standard output
help-help-about = Print this message or the help of the given subcommand(s)
help-usage = Usage:
help-heading-commands = Commands
help-heading-options = Options
help-heading-arguments = Arguments

# Messages about the data files (src/briefs/).
data-did-you-mean = did you mean `{ $best }`? { $noun }: { $list }
data-remove-it = remove it
data-allowed-list = { $noun }: { $list }
data-found-string = string { $text }
data-found-integer = integer `{ $value }`
data-found-float = floating point `{ $value }`
data-found-boolean = boolean `{ $value }`
data-found-date = the date `{ $value }`
data-found-time = the time of day `{ $value }`
data-found-date-time = the date and time `{ $value }`
data-found-list = a list
data-found-table = a table
data-wrong-type = expected { $expected }, found { $found }
data-not-allowed-word = `{ $word }` is not one of the allowed values
data-unknown-key = unknown key `{ $key }` in { $table }
data-missing-key = { $table } has no `{ $key }`, which is required
data-add-key = add `{ $key } = ...` to it
data-be-year = year { $year } looks like a Buddhist Era year (พ.ศ.)
data-be-date-help = dates are Gregorian (ค.ศ.): write `{ $date }`
data-be-date-help-subtract = dates are Gregorian (ค.ศ.): subtract 543 from the year
data-be-year-help = years are Gregorian (ค.ศ.): write `{ $gregorian }`
data-year-out-of-range = year { $year } is out of range
data-year-help = write the Gregorian year (ค.ศ.), e.g. 2019 for พ.ศ. 2562
data-this-text = this text
data-placeholder = { $name } is still the placeholder { $placeholder }
data-placeholder-help = write the real text in its place; `build` refuses a placeholder unless the trip is a draft (status = "draft")
data-placeholder-final-trip = the trip is final: write the real text, or set status = "draft" while it is prepared
data-placeholder-final-city = the final trip `{ $trip }` prints this city: write the real text
monthly-placeholder = the monthly report prints it: write the real text (or move a city not ready yet out of the briefs folder)
# Phrases the data reader hands around, by their English (see i18n::phrase).
data-noun-keys-allowed-here = keys allowed here
data-noun-allowed-values = allowed values
data-noun-sections-of-a-city-file = sections of a city file
data-table-the-city-profile-table = the [city.profile] table
data-table-the-city-table = the [city] table
data-table-the-relationship-table = the [relationship] table
data-table-this-agenda-day = this [[agenda]] day
data-table-this-city-facts-entry = this [[city.facts]] entry
data-table-this-figures-entry = this [[figures]] entry
data-table-this-interactions-entry = this [[interactions]] entry
data-table-this-people-entry = this [[people]] entry
data-table-this-table = this table
data-table-this-trip-file = this trip file
data-expected-text-in-quotes = text in quotes
data-expected-a-whole-number = a whole number
data-expected-a-number = a number
data-expected-a-list = a list [ ... ]
data-expected-a-table = a table
data-expected-one-of-the-allowed-words-in-quotes = one of the allowed words in quotes
data-help-write-the-number-without-quotes-or-decimals-e-g-2019 = write the number without quotes or decimals, e.g. 2019
data-help-write-the-number-without-quotes-e-g-605-2 = write the number without quotes, e.g. 605.2
