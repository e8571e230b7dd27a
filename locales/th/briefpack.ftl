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
output-rename-beside = โปรดตั้งชื่อ PDF ใหม่ด้วย -o เนื่องจาก{ $what }ตั้งชื่อตาม PDF
output-rename-eml = โปรดเปลี่ยนชื่อ PDF เนื่องจาก --dry-run จะเขียนข้อความอีเมลไว้ข้างไฟล์เป็น NAME.eml
output-same-as-input = ไม่สามารถเขียน{ $what }ลงใน { $shown } ได้ เนื่องจากเป็นไฟล์เดียวกับ{ $role } { $input } ซึ่งคำสั่งนี้ต้องอ่าน
output-same-as-input-help = การเขียนลงไฟล์นั้นจะทำให้ไฟล์เดิมเสียหาย { $rename } ยังไม่มีการเขียนไฟล์ใด
output-exists = มี { $shown } อยู่แล้ว
output-exists-help = { $rename } ไม่มีการเปลี่ยนแปลงใด
output-not-a-pdf = ไม่สามารถเขียน{ $what }ลงใน { $shown } ได้ เนื่องจากมีไฟล์นั้นอยู่แล้วและไม่ใช่ PDF
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
mail-no-config = ไม่พบไฟล์ตั้งค่าอีเมลที่ { $path }
mail-no-config-help = โปรดสร้างไฟล์ (ดู "Sending by e-mail" ใน README.md) หรือระบุด้วย --config FILE
