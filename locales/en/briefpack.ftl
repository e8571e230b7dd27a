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
build-wrote = wrote { $path } ({ $pages } pages, { $bytes } bytes)
monthly-wrote = wrote { $path } ({ $pages } pages, { $bytes } bytes, { $interactions } interactions in { $month }) in { $seconds } s
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
mail-no-config = there is no mail configuration at { $path }
mail-no-config-help = write one (see "Sending by e-mail" in README.md) or name it with --config FILE
