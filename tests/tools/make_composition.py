#!/usr/bin/env python3
"""Writes tests/fixtures/composition.xml: a paragraph-heavy Thai document
(12+ pages) that is harder to compose than the example packs: many names of
people with titles, long transliterated foreign names, organisations,
numbers with units, dates and connectives, in justified paragraphs, list
items and table cells. Also writes composition.keep (the names the data
would protect; some names are left out on purpose, as in free text) and
composition.expected.txt (one text block a line, for the typography checker).

Deterministic: a fixed seed. Run from the repository root:
    python3 tests/tools/make_composition.py
"""
import random
from xml.sax.saxutils import escape

rng = random.Random(2566)

titles = ["นาย", "นาง", "นางสาว", "ดร.", "ศ.", "รศ.", "ผศ.", "Mr.", "Dr."]
people_kept = [
    "นูร์ลาน นูร์เคนอฟ", "อาร์มัน อิสเซทอฟ", "เยอรัน เบคมูร์ซาเยฟ", "ซาวเล ตูเลบาเยวา", "ไอกึล ซาร์เซนบาเยวา",
    "คิม มินจุน", "อี ซองฮุน", "ปาร์ค จีฮยอน", "ทวิดา กมลเวชช", "วิภารัตน์ ไชยานุกิจ", "ศานนท์ หวังสร้างบุญ",
    "อเล็กซานเดอร์ เพทรอฟสกี", "มูฮัมหมัด อับดุลราห์มาน", "ทาคาฮาชิ เคนอิจิโร่",
]
people_free = [  # names no data protects: the breaker must know them as unknown words
    "ดาอูเลต ตูเลอูโอฟ", "บาอูร์ชาน คัสซึมบาเยฟ", "ชิน ดงฮยอก", "ยามาโมโตะ ฮิโรยูกิ", "กุลนารา อิสมาอิโลวา",
]
places = [
    "กรุงอัสตานา สาธารณรัฐคาซัคสถาน", "กรุงโซล สาธารณรัฐเกาหลี", "นครอัลมาตี", "เมืองชิมเคนต์", "กรุงทาชเคนต์ สาธารณรัฐอุซเบกิสถาน",
    "นครวลาดีวอสตอค สหพันธรัฐรัสเซีย", "จังหวัดคารากันดา", "กรุงเทพมหานคร", "นครฟุกุโอกะ ประเทศญี่ปุ่น",
]
orgs = [
    "สำนักงานการต่างประเทศ กรุงเทพมหานคร", "สำนักการวางผังและพัฒนาเมือง", "องค์การบริหารการพัฒนาพื้นที่พิเศษเพื่อการท่องเที่ยวอย่างยั่งยืน",
    "สภาเมืองอัสตานา", "มหาวิทยาลัยแห่งชาติยูเรเซียนกูมิลยอฟ", "สำนักงานส่งเสริมการจัดประชุมและนิทรรศการ",
]
months = ["มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน", "กรกฎาคม", "สิงหาคม", "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม"]
units = ["กิโลเมตร", "บาท", "ล้านบาท", "คน", "ครั้ง", "วัน", "ชั่วโมง", "ตารางกิโลเมตร", "เทงเก", "ดอลลาร์สหรัฐ", "โครงการ", "แห่ง"]
topics = [
    "การบริหารจัดการขยะมูลฝอยและการคัดแยกขยะต้นทาง", "ระบบขนส่งสาธารณะทางราง", "การท่องเที่ยวเชิงวัฒนธรรมและอาหารฮาลาล",
    "การแลกเปลี่ยนเยาวชนและนักศึกษา", "เมืองอัจฉริยะและการใช้ข้อมูลขนาดใหญ่", "การป้องกันและบรรเทาสาธารณภัย", "การพัฒนาพื้นที่สีเขียว",
    "ความร่วมมือด้านสาธารณสุขและการดูแลผู้สูงอายุ",
]


def person():
    pool = people_kept if rng.random() < 0.65 else people_free
    t = rng.choice(titles)
    sep = "" if not t.endswith(".") or rng.random() < 0.5 else " "
    return f"{t}{sep}{rng.choice(pool)}"


def number():
    n = rng.choice([3, 7, 12, 25, 48, 120, 350, 1200, 2500, 15000, 260000])
    return f"{n:,}"


def date():
    return f"{rng.randint(1, 28)} {rng.choice(months)} {rng.randint(2547, 2569)}"


def sentence():
    forms = [
        lambda: f"เมื่อวันที่ {date()} {person()} ได้นำคณะผู้แทนจาก{rng.choice(places)} เดินทางมาเยือน{rng.choice(orgs)} เพื่อหารือเรื่อง{rng.choice(topics)}",
        lambda: f"ทั้งสองฝ่ายเห็นพ้องที่จะขยายความร่วมมือด้าน{rng.choice(topics)} โดยมีงบประมาณรวม {number()} {rng.choice(units)} และมีผู้เข้าร่วมประมาณ {number()} คน",
        lambda: f"{person()} กล่าวว่า {rng.choice(places)} ให้ความสำคัญกับ{rng.choice(topics)} และพร้อมส่งผู้เชี่ยวชาญจำนวน {number()} คน มาแลกเปลี่ยนกับ{rng.choice(orgs)} เป็นเวลา {rng.randint(3, 30)} วัน",
        lambda: f"ในการประชุมครั้งนี้ {person()} และ{person()} ได้ลงนามบันทึกความเข้าใจว่าด้วย{rng.choice(topics)} ซึ่งจะมีผลบังคับใช้ตั้งแต่วันที่ {date()} เป็นต้นไป",
        lambda: f"ระยะทางระหว่าง{rng.choice(places)}กับ{rng.choice(places)} ประมาณ {number()} กิโลเมตร และมีเที่ยวบินตรงสัปดาห์ละ {rng.randint(2, 14)} เที่ยว ร้อยละ {rng.randint(10, 90)} ของผู้โดยสารเป็นนักท่องเที่ยว",
        lambda: f"คณะผู้แทนได้เยี่ยมชม{rng.choice(orgs)} ณ {rng.choice(places)} และรับฟังการบรรยายสรุปจาก{person()} เกี่ยวกับ{rng.choice(topics)} ที่ดำเนินการมาแล้ว {rng.randint(2, 20)} ปี",
    ]
    return rng.choice(forms)()


def paragraph(k):
    return " ".join(sentence() for _ in range(k))


blocks = []  # (markup, expected text)
def add(tag, text, attrs=""):
    blocks.append((f"<{tag}{attrs}>{escape(text)}</{tag}>", text))


add("p", "เอกสารทดสอบการจัดบรรทัดภาษาไทย: ชื่อบุคคล ตำแหน่ง ตัวเลขกับหน่วย และวันที่", ' class="title"')
for section in range(1, 9):
    add("h1", f"{section}. ความร่วมมือกับ{rng.choice(places)} ด้าน{rng.choice(topics)}")
    for _ in range(3):
        add("p", paragraph(rng.randint(2, 4)))
    add("h2", f"{section}.1 ผู้เข้าร่วมการหารือและข้อสรุปสำคัญจากการประชุม ณ {rng.choice(places)}")
    items = [sentence() for _ in range(3)]
    blocks.append(("<ul>" + "".join(f"<li>{escape(i)}</li>" for i in items) + "</ul>", None))
    for i in items:
        blocks.append((None, i))
    rows = []
    for _ in range(4):
        rows.append((person(), rng.choice(orgs), f"{date()} ({number()} {rng.choice(units)})"))
    table = '<table><col width="30%"/><col width="40%"/><col width="30%"/><thead><tr><th>ผู้เข้าร่วม</th><th>หน่วยงาน</th><th>วันที่และจำนวน</th></tr></thead><tbody>'
    for r in rows:
        table += "<tr>" + "".join(f"<td>{escape(c)}</td>" for c in r) + "</tr>"
    table += "</tbody></table>"
    blocks.append((table, None))
    for h in ["ผู้เข้าร่วม", "หน่วยงาน", "วันที่และจำนวน"]:
        blocks.append((None, h))
    for r in rows:
        for c in r:
            blocks.append((None, c))
    add("p", paragraph(3))

with open("tests/fixtures/composition.xml", "w") as f:
    f.write('<?xml version="1.0" encoding="UTF-8"?>\n<document title="เอกสารทดสอบการจัดบรรทัด" lang="th">\n')
    for markup, _ in blocks:
        if markup:
            f.write(markup + "\n")
    f.write("</document>\n")
with open("tests/fixtures/composition.expected.txt", "w") as f:
    for _, text in blocks:
        if text:
            f.write(text + "\n")
with open("tests/fixtures/composition.keep", "w") as f:
    for name in people_kept + places + orgs:
        f.write(name + "\n")
