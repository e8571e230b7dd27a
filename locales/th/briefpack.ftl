# ข้อความของ briefpack เป็นภาษาไทย. Each message has the same id and the
# same { $arguments } as in locales/en/briefpack.ftl (src/i18n.rs tests this).
# Locations (file:line:col), flags and file names stay as they are typed.

## The framing of every message.

label-error = ข้อผิดพลาด:
label-warning = คำเตือน:
label-help = วิธีแก้:
problems-found = พบปัญหา { $count } รายการ

## A file that could not be read or written.

io-cannot = ไม่สามารถ{ $action } { $path } ได้: { $reason }
io-action-read = อ่าน
io-action-write = เขียน
io-action-open = เปิด
io-action-remove = ลบ
io-action-lock = ล็อก
io-action-make-the-output-folder = สร้างโฟลเดอร์ผลลัพธ์
io-action-read-font = อ่านฟอนต์
io-action-read-theme = อ่านธีม
io-action-read-templates-directory = อ่านโฟลเดอร์แม่แบบ
io-action-read-the-ca-certificate = อ่านใบรับรอง CA
io-action-create-the-outbox-folder = สร้างโฟลเดอร์กล่องขาออก
io-action-move-to-sent = ย้ายไปยัง sent/
io-action-open-the-outbox-lock = เปิดล็อกของกล่องขาออก
io-action-sync-the-folder = บันทึกโฟลเดอร์ลงดิสก์
io-reason-not-found = ไม่พบไฟล์หรือโฟลเดอร์นี้ ({ $os })
io-reason-permission-denied = ไม่มีสิทธิ์เข้าถึง ({ $os })
io-reason-already-exists = มีไฟล์นี้อยู่แล้ว ({ $os })
io-reason-is-a-directory = เป็นโฟลเดอร์ ไม่ใช่ไฟล์ ({ $os })
io-reason-not-a-directory = ส่วนหนึ่งของเส้นทางเป็นไฟล์ ไม่ใช่โฟลเดอร์ ({ $os })
io-reason-read-only = ระบบไฟล์เป็นแบบอ่านอย่างเดียว ({ $os })
io-reason-storage-full = พื้นที่ดิสก์เต็ม ({ $os })
io-reason-invalid-data = ข้อมูลในไฟล์ไม่ถูกต้อง ({ $os })

## Outputs (src/output.rs).

output-what-the-pdf = ไฟล์ PDF
output-what-the-markup = ไฟล์มาร์กอัป
output-what-the-message = ไฟล์ข้อความอีเมล
output-what-the-new-file = ไฟล์ใหม่
output-what-the-file = ไฟล์
output-what-the-manual-page = หน้าคู่มือ
output-standard-output = ช่องแสดงผลมาตรฐาน (standard output)
output-to-standard-output = { $what } ไปยังช่องแสดงผลมาตรฐาน (standard output)
output-rename = โปรดใช้ชื่ออื่น
output-rename-with-o = โปรดใช้ชื่ออื่นด้วย -o
output-rename-with-o-eg = โปรดใช้ชื่ออื่นด้วย -o เช่น -o { $default }
output-rename-beside = โปรดตั้งชื่อ PDF ใหม่ด้วย -o เนื่องจาก{ $what } ตั้งชื่อตาม PDF
output-rename-eml = โปรดเปลี่ยนชื่อ PDF เนื่องจาก --dry-run จะเขียนข้อความอีเมลไว้ข้างไฟล์เป็น NAME.eml
output-same-as-input = ไม่สามารถเขียน{ $what } ลงใน { $shown } ได้ เนื่องจากเป็นไฟล์เดียวกับ{ $role } { $input } ซึ่งคำสั่งนี้ต้องอ่าน
output-same-as-input-help = การเขียนลงไฟล์นั้นจะทำให้ไฟล์เดิมเสียหาย { $rename } ยังไม่มีการเขียนไฟล์ใด
output-exists = มี { $shown } อยู่แล้ว
output-exists-help = { $rename } ไม่มีการเปลี่ยนแปลงใด
output-not-a-pdf = ไม่สามารถเขียน{ $what } ลงใน { $shown } ได้ เนื่องจากมีไฟล์นั้นอยู่แล้วและไม่ใช่ PDF
output-not-a-pdf-help = briefpack เขียนทับได้เฉพาะไฟล์ PDF { $rename } หรือลบ { $shown } ก่อนหากไม่ต้องการแล้ว ยังไม่มีการเขียนไฟล์ใด
role-trip = ไฟล์การเดินทาง
role-city = ไฟล์ข้อมูลเมือง
role-interactions = ไฟล์ความสัมพันธ์
role-photo = ภาพถ่าย
role-template = แม่แบบ
role-theme = ธีม
role-font = ฟอนต์
role-mail-config = ไฟล์ตั้งค่าอีเมล
role-markup = ไฟล์มาร์กอัป
role-pdf = ไฟล์ PDF ที่จะส่ง

## Commands.

build-o-several = -o ระบุไฟล์ได้เพียงไฟล์เดียว แต่มีการระบุการเดินทางหลายรายการ
build-o-several-help = โปรดไม่ต้องใส่ -o แล้วแต่ละชุดเอกสารจะตั้งชื่อตามการเดินทาง
build-failed = สร้างชุดเอกสารไม่สำเร็จ { $failed } จาก { $total } ชุด: { $trips }
build-wrote = เขียน { $path } แล้ว ({ $pages } หน้า, { $bytes } ไบต์)
monthly-wrote = เขียน { $path } แล้ว ({ $pages } หน้า, { $bytes } ไบต์, { $interactions } รายการในเดือน { $month }) ใช้เวลา { $seconds } วินาที
month-not-a-month = --month `{ $text }` ไม่ใช่เดือนที่ถูกต้อง
month-write-yyyy-mm = โปรดเขียนปีและเดือนในรูปแบบ YYYY-MM เช่น 2026-11
month-no-such-month = ไม่มีเดือนที่ { $month } โปรดเขียน YYYY-MM โดยเดือนเป็น 01-12
month-buddhist-era = --month `{ $text }`: ปี { $year } น่าจะเป็นปีพุทธศักราช (พ.ศ.)
month-buddhist-era-help = เดือนต้องเป็นคริสต์ศักราช (ค.ศ.) โปรดเขียน { $gregorian }
new-trip-needs-city = การเดินทางต้องระบุเมือง
new-trip-needs-city-help = โปรดเพิ่ม --city ID เช่น --city seoul
new-wrote = เขียน { $path } แล้ว โปรดกรอกข้อมูล แล้วจึงเรียก `briefpack check { $dir }`
send-to-without-pdf = มีการระบุ --to แต่ไม่ได้ระบุไฟล์ PDF
send-to-without-pdf-help = โปรดระบุไฟล์ PDF ที่จะส่ง: briefpack send FILE.pdf --to LIST
check-no-problems = { $dir }: { $cities } เมือง, { $interactions } รายการความสัมพันธ์, { $trips } การเดินทาง: ไม่พบปัญหา
check-warnings = { $dir }: { $cities } เมือง, { $interactions } รายการความสัมพันธ์, { $trips } การเดินทาง: คำเตือน { $warnings } รายการ ไม่พบข้อผิดพลาด
mail-no-config = ไม่พบไฟล์ตั้งค่าอีเมลที่ { $path }
mail-no-config-help = โปรดสร้างไฟล์ (ดู "Sending by e-mail" ใน README.md) หรือระบุด้วย --config FILE

## The help of the command line (src/cli/help.rs): help-CMD-about, help-CMD-arg-ID,
## else help-arg-ID for an option several commands share.

help-about = สร้างชุดเอกสารบรรยายสรุป (PDF) ภาษาไทยเกี่ยวกับเมืองพี่เมืองน้องของกรุงเทพมหานคร จากข้อมูล TOML และแม่แบบ Handlebars
help-after-help =
    ตัวอย่าง:
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
help-arg-color = กำหนดว่าจะแสดงข้อความเป็นสีเมื่อใด (auto: เมื่อช่องแสดงข้อผิดพลาดเป็นเทอร์มินัลและไม่ได้ตั้งค่า NO_COLOR)
help-arg-quiet = แสดงเฉพาะข้อผิดพลาด (ไม่แสดงความคืบหน้า คำเตือน หรือ "เขียน ... แล้ว")
help-arg-verbose = แสดงรายละเอียดเพิ่มเติม: เวลาที่แต่ละขั้นตอนใช้ และข้อมูลอื่น ๆ
help-arg-lang = ภาษาของข้อความและคำอธิบาย en หรือ th (ค่าเริ่มต้น: ตาม LC_ALL, LC_MESSAGES หรือ LANG)
help-arg-help = แสดงวิธีใช้
help-arg-help-more = แสดงวิธีใช้ (ดูรายละเอียดเพิ่มเติมด้วย '--help')
help-arg-help-summary = แสดงวิธีใช้ (ดูฉบับย่อด้วย '-h')
help-arg-version = แสดงรุ่นของโปรแกรม
help-arg-templates = โฟลเดอร์แม่แบบที่ใช้แทนแม่แบบในตัวตามชื่อไฟล์ (pack.hbs และส่วนย่อย, monthly.hbs, mail-*.hbs)
help-arg-theme = ไฟล์ธีม TOML ที่ใช้ซ้อนทับธีมในตัว
help-arg-emit_markup = เขียนมาร์กอัปที่สร้างขึ้นไว้ข้างไฟล์ PDF (NAME.xml) สำหรับผู้เขียนแม่แบบ
help-arg-send = ส่งไฟล์ PDF ทางอีเมล (หนึ่งข้อความต่อหนึ่งไฟล์) ผ่านกล่องขาออก
help-arg-to = รายชื่อผู้รับหรือที่อยู่อีเมล (ระบุซ้ำได้ หรือคั่นด้วยจุลภาค); ค่าเริ่มต้น: default_to ในไฟล์ตั้งค่าอีเมล
help-arg-config = ไฟล์ตั้งค่าอีเมล (ค่าเริ่มต้น: mail.toml ในโฟลเดอร์ briefs)
help-arg-dry_run = เมื่อใช้ --send: เขียน NAME.eml ไว้ข้างไฟล์ PDF แทนการส่ง
help-arg-insecure = เมื่อใช้ --send: อนุญาตให้ส่งรหัสผ่าน SMTP ผ่านการเชื่อมต่อที่ไม่เข้ารหัส
help-arg-dir = โฟลเดอร์ข้อมูล briefs (ค่าเริ่มต้น: ของโครงการ หรือ briefs)
help-init-about = สร้างโครงการใหม่: briefpack.toml ตัวอย่างข้อมูล และโฟลเดอร์แม่แบบ
help-init-long-about =
    สร้างโครงการใหม่: briefpack.toml ตัวอย่างข้อมูล และโฟลเดอร์แม่แบบ

    ทุกคำสั่งที่เรียกในโฟลเดอร์ของโครงการหรือโฟลเดอร์ย่อยจะพบ briefpack.toml (เช่นเดียวกับที่ cargo พบ Cargo.toml) และใช้ค่าเริ่มต้นจากไฟล์นั้น ตัวอย่าง: briefpack init bangkok-partners
help-init-arg-dir = โฟลเดอร์ของโครงการ (สร้างให้หากยังไม่มี; ค่าเริ่มต้น: โฟลเดอร์ปัจจุบัน)
help-build-about = สร้างชุดเอกสารบรรยายสรุปสำหรับการเดินทางตั้งแต่หนึ่งรายการขึ้นไป
help-build-long-about =
    สร้างชุดเอกสารบรรยายสรุปสำหรับการเดินทางตั้งแต่หนึ่งรายการขึ้นไป

    ตัวอย่าง: briefpack build briefs/trips/astana-2026-12.toml -o อัสตานา.pdf
help-build-arg-trips = ไฟล์การเดินทาง (briefs/trips/NAME.toml; ในโครงการใช้ trips/NAME.toml หรือ NAME ได้จากทุกที่ในโครงการ); รูปแบบในเครื่องหมายคำพูด เช่น "briefs/trips/*.toml" จะขยายเป็นรายชื่อไฟล์
help-build-arg-output = ไฟล์ PDF ผลลัพธ์ (เฉพาะการเดินทางเดียว; ค่าเริ่มต้น: ชื่อการเดินทางตามด้วย .pdf ในโฟลเดอร์ผลลัพธ์ของโครงการหรือโฟลเดอร์ปัจจุบัน)
help-build-arg-watch = สร้างใหม่ทุกครั้งที่ไฟล์การเดินทาง เมือง แม่แบบ หรือธีมมีการเปลี่ยนแปลง
help-monthly-about = สร้างรายงานประจำเดือน: ความสัมพันธ์ทุกรายการของเดือนจากทุกเมือง
help-monthly-long-about =
    สร้างรายงานประจำเดือน: ความสัมพันธ์ทุกรายการของเดือนจากทุกเมือง

    ตัวอย่าง: briefpack monthly --month 2026-11 -o รายงานพฤศจิกายน.pdf briefs/
help-monthly-arg-month = เดือนในรูปแบบ YYYY-MM (คริสต์ศักราช); ค่าเริ่มต้น: เดือนก่อนเดือนปัจจุบัน
help-monthly-arg-output = ไฟล์ PDF ผลลัพธ์ (ค่าเริ่มต้น: monthly-YYYY-MM.pdf ในโฟลเดอร์ผลลัพธ์ของโครงการหรือโฟลเดอร์ปัจจุบัน)
help-send-about = ส่งไฟล์ PDF ทางอีเมลผ่านกล่องขาออก แล้วส่งข้อความอื่นที่ค้างอยู่ในกล่อง
help-send-long-about =
    ส่งไฟล์ PDF ทางอีเมลผ่านกล่องขาออก แล้วส่งข้อความอื่นที่ค้างอยู่ในกล่อง

    หากไม่ระบุไฟล์ PDF จะส่งเฉพาะข้อความที่ค้างอยู่ในกล่องขาออกจากครั้งก่อน ตัวอย่าง: briefpack send astana-2026-12.pdf --to executives
help-send-arg-pdfs = ไฟล์ PDF หนึ่งข้อความต่อหนึ่งไฟล์ รูปแบบในเครื่องหมายคำพูด เช่น "out/*.pdf" จะขยายเป็นรายชื่อไฟล์
help-send-arg-to = รายชื่อผู้รับ (จากไฟล์ตั้งค่าอีเมล) หรือที่อยู่อีเมล ระบุซ้ำได้หรือคั่นด้วยจุลภาค ค่าเริ่มต้น: default_to ในไฟล์ตั้งค่าอีเมล
help-send-arg-config = ไฟล์ตั้งค่าอีเมล (ค่าเริ่มต้น: ของโครงการ หรือ briefs/mail.toml)
help-send-arg-dry_run = เขียนแต่ละข้อความเป็น NAME.eml ไว้ข้างไฟล์ PDF โดยไม่ส่ง
help-send-arg-insecure = อนุญาตให้ส่งรหัสผ่าน SMTP ผ่านการเชื่อมต่อที่ไม่เข้ารหัส
help-send-arg-templates = โฟลเดอร์แม่แบบที่ใช้แทน mail-subject.hbs, mail-body.hbs, mail-attachment.hbs
help-outbox-about = แสดงรายการข้อความที่รอส่งอยู่ในกล่องขาออก
help-outbox-long-about =
    แสดงรายการข้อความที่รอส่งอยู่ในกล่องขาออก

    ตัวอย่าง: briefpack outbox --config briefs/mail.toml
help-outbox-arg-config = ไฟล์ตั้งค่าอีเมล (ค่าเริ่มต้น: ของโครงการ หรือ briefs/mail.toml)
help-check-about = ตรวจสอบไฟล์เมืองและไฟล์การเดินทางทุกไฟล์ในโฟลเดอร์ และรายงานปัญหาทั้งหมด
help-check-long-about =
    ตรวจสอบไฟล์เมืองและไฟล์การเดินทางทุกไฟล์ในโฟลเดอร์ และรายงานปัญหาทั้งหมด

    ตัวอย่าง: briefpack check briefs/
help-check-arg-theme = ธีมที่ใช้สร้างชุดเอกสาร: ฟอนต์ของธีมต้องมีอักขระทุกตัวในข้อมูล (ค่าเริ่มต้น: ของโครงการ หรือธีมในตัว)
help-check-arg-format = human: ข้อความทาง standard error; json: วัตถุ JSON หนึ่งบรรทัดต่อหนึ่งปัญหาทาง standard output แล้วตามด้วยวัตถุสรุป (สำหรับโปรแกรมแก้ไขข้อความและสคริปต์)
help-new-about = เขียนไฟล์เมืองหรือไฟล์การเดินทางใหม่ที่ถูกต้อง เพื่อกรอกข้อมูลต่อ
help-new-long-about =
    เขียนไฟล์เมืองหรือไฟล์การเดินทางใหม่ที่ถูกต้อง เพื่อกรอกข้อมูลต่อ

    ตัวอย่าง: briefpack new trip seoul-2027-05 --city seoul
help-new-arg-kind = `city` หรือ `trip`
help-new-arg-name = ชื่อไฟล์ไม่รวม .toml (รหัส ASCII เช่น `tokyo` หรือ `seoul-2027-05`)
help-new-arg-city = สำหรับการเดินทาง: รหัสของเมือง
help-new-arg-dir = โฟลเดอร์ข้อมูล briefs (ค่าเริ่มต้น: ของโครงการ หรือ briefs)
help-render-about = จัดหน้าไฟล์มาร์กอัป (ดู templates/README.md) เป็นไฟล์ PDF
help-render-long-about =
    จัดหน้าไฟล์มาร์กอัป (ดู templates/README.md) เป็นไฟล์ PDF

    ตัวอย่าง: briefpack render tests/fixtures/thai-sample.xml -o ตัวอย่าง.pdf
help-render-arg-input = ไฟล์มาร์กอัป
help-render-arg-output = ตำแหน่งที่จะเขียนไฟล์ PDF (ค่าเริ่มต้น: ชื่อไฟล์ต้นทางตามด้วย .pdf)
help-render-arg-theme = ไฟล์ธีม TOML ที่ใช้ซ้อนทับธีมในตัว (ค่าเริ่มต้น: ของโครงการ)
help-render-arg-keep = วลีที่ห้ามตัดข้ามบรรทัด (ระบุซ้ำได้)
help-extract-about = เขียนไฟล์ข้อมูลที่แนบมากับเอกสาร PDF/A-3u ออกมา (เอกสารที่สร้างด้วย --pdf-standard a-3u)
help-extract-long-about =
    เขียนไฟล์ข้อมูลที่แนบมากับเอกสาร PDF/A-3u ออกมา (เอกสารที่สร้างด้วย --pdf-standard a-3u)

    แต่ละไฟล์อยู่ใต้ DIR ตามตำแหน่งในโฟลเดอร์ briefs เช่น trips/astana-2026-12.toml ตัวอย่าง: briefpack extract อัสตานา.pdf restored-briefs
help-extract-arg-pdf = ไฟล์ PDF ที่สร้างด้วย --pdf-standard a-3u
help-extract-arg-dir = โฟลเดอร์ที่จะเขียนไฟล์ลงไป แต่ละไฟล์อยู่ตามตำแหน่งในโฟลเดอร์ briefs (สร้างให้หากยังไม่มี)
help-extract-arg-force = เขียนทับไฟล์ที่มีอยู่แล้ว
help-arg-pdf_standard = มาตรฐานที่ไฟล์ PDF ปฏิบัติตาม: a-2u หรือ a-3u (PDF/A สำหรับเก็บถาวร; a-3u แนบไฟล์ข้อมูลต้นทางไว้ด้วย ใช้กับ `briefpack extract`), ua-1 (PDF/UA มีโครงสร้างสำหรับโปรแกรมอ่านหน้าจอ) หรือ none (PDF ธรรมดา) ระบุซ้ำได้หรือคั่นด้วยจุลภาค; ค่าเริ่มต้น: pdf_standard ใน briefpack.toml หรือ a-2u,ua-1
help-schema-about = พิมพ์ JSON Schema ของไฟล์เมือง ไฟล์ความสัมพันธ์ หรือไฟล์การเดินทาง สำหรับโปรแกรมแก้ไขข้อความ (Taplo: บรรทัด `#:schema`)
help-schema-long-about =
    พิมพ์ JSON Schema ของไฟล์เมือง ไฟล์ความสัมพันธ์ หรือไฟล์การเดินทาง สำหรับโปรแกรมแก้ไขข้อความ (Taplo: บรรทัด `#:schema`)

    ในที่เก็บซอร์สโค้ดมีไฟล์เหล่านี้อยู่ในโฟลเดอร์ schema/ และ briefs/README.md อธิบายวิธีใช้ ตัวอย่าง: briefpack schema --dir schema
help-schema-arg-kind = `city` (cities/ID.toml), `interactions` (cities/ID/*.toml) หรือ `trip` (trips/ID.toml)
help-schema-arg-dir = เขียนทั้งสามไฟล์ (city.schema.json, interactions.schema.json, trip.schema.json) ลงในโฟลเดอร์นี้ (สร้างให้หากยังไม่มี) แทนการพิมพ์ไฟล์เดียวไปยัง standard output
help-completions-about = พิมพ์สคริปต์เติมคำสั่งอัตโนมัติสำหรับ bash, zsh, fish, powershell หรือ elvish
help-completions-long-about =
    พิมพ์สคริปต์เติมคำสั่งอัตโนมัติสำหรับ bash, zsh, fish, powershell หรือ elvish

    ตัวอย่าง: briefpack completions zsh > ~/.zfunc/_briefpack
help-completions-arg-shell = เชลล์: bash, zsh, fish, powershell หรือ elvish
help-man-about = เขียนหน้าคู่มือ (roff): briefpack(1) ไปยัง standard output หรือทุกหน้าลงในโฟลเดอร์
help-man-long-about =
    เขียนหน้าคู่มือ (roff): briefpack(1) ไปยัง standard output หรือทุกหน้าลงในโฟลเดอร์

    ตัวอย่าง: briefpack man --dir /usr/local/share/man/man1
help-man-arg-dir = เขียน briefpack.1 และหน้าของแต่ละคำสั่ง (briefpack-build.1, ...) ลงในโฟลเดอร์นี้ (สร้างให้หากยังไม่มี) แทนการเขียน briefpack.1 ไปยัง standard output
help-help-about = แสดงข้อความนี้ หรือวิธีใช้ของคำสั่งที่ระบุ
help-usage = รูปแบบคำสั่ง:
help-heading-commands = คำสั่ง
help-heading-options = ตัวเลือก
help-heading-arguments = อาร์กิวเมนต์

# Messages about the data files (src/briefs/).
data-did-you-mean = หมายถึง `{ $best }` ใช่ไหม { $noun }: { $list }
data-remove-it = ลบออก
data-allowed-list = { $noun }: { $list }
data-found-string = ข้อความ { $text }
data-found-integer = จำนวนเต็ม `{ $value }`
data-found-float = เลขทศนิยม `{ $value }`
data-found-boolean = ค่าจริงหรือเท็จ `{ $value }`
data-found-date = วันที่ `{ $value }`
data-found-time = เวลา `{ $value }`
data-found-date-time = วันที่และเวลา `{ $value }`
data-found-list = รายการ (list)
data-found-table = ตาราง (table)
data-wrong-type = ต้องเป็น{ $expected } แต่พบ{ $found }
data-not-allowed-word = `{ $word }` ไม่ใช่ค่าที่ใช้ได้
data-unknown-key = ไม่รู้จักคีย์ `{ $key }` ใน{ $table }
data-missing-key = { $table }ไม่มี `{ $key }` ซึ่งต้องมี
data-add-key = เพิ่ม `{ $key } = ...` ลงไป
data-be-year = ปี { $year } ดูเหมือนเป็นปีพุทธศักราช (พ.ศ.)
data-be-date-help = วันที่ในข้อมูลใช้ปีคริสต์ศักราช (ค.ศ.): เขียน `{ $date }`
data-be-date-help-subtract = วันที่ในข้อมูลใช้ปีคริสต์ศักราช (ค.ศ.): ลบปีออก 543
data-be-year-help = ปีในข้อมูลเป็นคริสต์ศักราช (ค.ศ.): เขียน `{ $gregorian }`
data-year-out-of-range = ปี { $year } อยู่นอกช่วงที่ใช้ได้
data-year-help = เขียนปีคริสต์ศักราช (ค.ศ.) เช่น 2019 สำหรับ พ.ศ. 2562
data-this-text = ข้อความนี้
data-placeholder = { $name } ยังเป็นข้อความที่ต้องกรอก { $placeholder }
data-placeholder-help = เขียนข้อความจริงแทนที่ข้อความนี้ ทั้งนี้ `build` จะไม่สร้างเอกสารที่ยังมีข้อความที่ต้องกรอก เว้นแต่การเดินทางเป็นฉบับร่าง (status = "draft")
data-placeholder-final-trip = การเดินทางนี้เป็นฉบับสมบูรณ์: เขียนข้อความจริง หรือตั้ง status = "draft" ระหว่างที่ยังจัดทำ
data-placeholder-final-city = การเดินทาง `{ $trip }` เป็นฉบับสมบูรณ์และพิมพ์ข้อมูลเมืองนี้: เขียนข้อความจริง
monthly-placeholder = รายงานประจำเดือนพิมพ์ข้อมูลนี้: เขียนข้อความจริง (หรือย้ายเมืองที่ยังไม่พร้อมออกจากโฟลเดอร์ briefs)
# Phrases the data reader hands around, by their English (see i18n::phrase).
data-noun-keys-allowed-here = คีย์ที่ใช้ได้ที่นี่
data-noun-allowed-values = ค่าที่ใช้ได้
data-noun-sections-of-a-city-file = ส่วนของไฟล์เมือง
data-table-the-city-profile-table = ตาราง [city.profile]
data-table-the-city-table = ตาราง [city]
data-table-the-relationship-table = ตาราง [relationship]
data-table-this-agenda-day = วัน [[agenda]] นี้
data-table-this-city-facts-entry = รายการ [[city.facts]] นี้
data-table-this-figures-entry = รายการ [[figures]] นี้
data-table-this-interactions-entry = รายการ [[interactions]] นี้
data-table-this-people-entry = รายการ [[people]] นี้
data-table-this-table = ตารางนี้
data-table-this-trip-file = ไฟล์การเดินทางนี้
data-expected-text-in-quotes = ข้อความในเครื่องหมายคำพูด
data-expected-a-whole-number = จำนวนเต็ม
data-expected-a-number = ตัวเลข
data-expected-a-list = รายการในวงเล็บเหลี่ยม [ ... ]
data-expected-a-table = ตาราง
data-expected-one-of-the-allowed-words-in-quotes = คำใดคำหนึ่งที่ใช้ได้ ในเครื่องหมายคำพูด
data-help-write-the-number-without-quotes-or-decimals-e-g-2019 = เขียนตัวเลขโดยไม่มีเครื่องหมายคำพูดและไม่มีทศนิยม เช่น 2019
data-help-write-the-number-without-quotes-e-g-605-2 = เขียนตัวเลขโดยไม่มีเครื่องหมายคำพูด เช่น 605.2
