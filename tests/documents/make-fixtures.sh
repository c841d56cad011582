#!/usr/bin/env bash
# Makes the documents the `documents` unit tests convert (src/documents/tests.rs). Run once by
# hand, and again only to change a fixture; the outputs are committed and CI never runs this.
#
#   tests/documents/make-fixtures.sh
#
# Needs pandoc 2.17 (`apt-get install pandoc`), python3, and network access once for PyPI's
# msoffcrypto-tool (installed into a venv under /tmp), which encrypts a .docx as Word does.
#
# Makes, in tests/documents/:
#   features.docx, features.odt  pandoc from the Markdown below: title, headings, emphasis,
#                                characters that are not markup, a block quote, nested lists,
#                                links, footnotes, a picture.
#   review.docx                  pandoc: two comments, an insertion and a deletion.
#   review.odt                   pandoc's odt with what pandoc cannot write added to content.xml
#                                as LibreOffice writes it: a comment, a tracked deletion and
#                                insertion, a text box, an embedded object, a Basic macro.
#   word.docx                    written here as Word writes it, where pandoc differs: German
#                                style ids ("berschrift1", named "heading 1"), a style based on a
#                                heading, character styles and `w:val="0"`, split runs, a
#                                quotation by indentation, Word's list numbering, complex fields,
#                                endnotes, comments, tracked changes, hidden text, an OLE object, a
#                                text box in both its forms, a header, macros.
#   encrypted.docx               features.docx encrypted with the password "secret".
#   bomb.docx                    a zip bomb: a 60 MB document.xml packed into some 60 KB.
#   bomb-lying.docx              the same, its headers claiming the part unpacks to 1 KB.
#   seed-002.docx, seed-002.odt  pandoc from seed-002.md (the Markdown version of a real essay,
#                                written by hand) with its title as the document's title.
set -euo pipefail
cd "$(dirname "$0")"
out=$PWD work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
from="-f markdown-smart"

# A 1x1 PNG.
python3 - "$work/pixel.png" <<'PY'
import struct, sys, zlib
def chunk(kind, data):
    return struct.pack('>I', len(data)) + kind + data + struct.pack('>I', zlib.crc32(kind + data) & 0xffffffff)
png = b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', struct.pack('>IIBBBBB', 1, 1, 8, 2, 0, 0, 0)) \
    + chunk(b'IDAT', zlib.compress(b'\x00\xff\x00\x00')) + chunk(b'IEND', b'')
open(sys.argv[1], 'wb').write(png)
PY

cat > "$work/features.md" <<'EOF'
Opening paragraph with **bold words** and *italic words* and ***both at once***, then
a hard line break here\
and the second line.

# First Section

Smart “quotes” — and a non‑breaking space here: 10\ km. Characters that are not markup: 2 \* 3 = 6, snake\_case, \`code\`, \[brackets\], a \<tag\>, back\\slash, a \| pipe, AT&amp;T.

\# not a heading

\> not a quote

1\. not a list

> A quotation, which runs long enough to be a proper block quote in the essay.
>
> Its second paragraph.

## A Subsection

- bullet one
- bullet two
    - nested bullet
    - nested again
- bullet three

1. first
2. second
    1. second, first
    2. second, second
3. third

A link to [the site](https://example.org/path?q=1), an [email](mailto:someone@example.org), and [a file](ftp://example.org/file) kept as text.

A claim with a footnote.[^1] Another claim.[^2]

![A picture](pixel.png)

### Deeper

Last words.

[^1]: The first note, with *emphasis*.

[^2]: The second note.
EOF
(cd "$work" && pandoc $from features.md --metadata title="Features of an essay" -o "$out/features.docx")
(cd "$work" && pandoc $from features.md --metadata title="Features of an essay" -o "$out/features.odt")

cat > "$work/review.md" <<'EOF'
The editor [left a remark here]{.comment-start id="0" author="Ann" date="2024-01-01T00:00:00Z"}on this sentence[]{.comment-end id="0"} and [another]{.comment-start id="1" author="Bob" date="2024-01-01T00:00:00Z"}one[]{.comment-end id="1"}.

Text with [an inserted phrase]{.insertion author="Ann" date="2024-01-01T00:00:00Z"} and [a deleted phrase]{.deletion author="Ann" date="2024-01-01T00:00:00Z"} ends here.
EOF
pandoc $from "$work/review.md" -o "$out/review.docx"

printf 'The editor left a remark on this sentence.\n\nText with an inserted phrase and a deleted phrase ends here.\n\nA box follows.\n' > "$work/review-odt.md"
pandoc $from "$work/review-odt.md" -o "$work/review-base.odt"
python3 - "$work/review-base.odt" "$out/review.odt" <<'PY'
import sys, zipfile
source, target = sys.argv[1], sys.argv[2]
with zipfile.ZipFile(source) as z:
    entries = [(i, z.read(i.filename)) for i in z.infolist()]
def edit(content):
    text = content.decode()
    text = text.replace('<office:text>', '''<office:text><text:tracked-changes><text:changed-region text:id="ct1"><text:deletion><office:change-info><dc:creator>Ann</dc:creator><dc:date>2024-01-01T00:00:00</dc:date></office:change-info><text:p>a deleted phrase</text:p></text:deletion></text:changed-region><text:changed-region text:id="ct2"><text:insertion><office:change-info><dc:creator>Ann</dc:creator><dc:date>2024-01-01T00:00:00</dc:date></office:change-info></text:insertion></text:changed-region></text:tracked-changes>''', 1)
    text = text.replace('left a remark on', 'left a remark<office:annotation office:name="c1"><dc:creator>Ann</dc:creator><dc:date>2024-01-01T00:00:00</dc:date><text:p>This remark is private.</text:p></office:annotation> on', 1)
    text = text.replace('an inserted phrase', '<text:change-start text:change-id="ct2"/>an inserted phrase<text:change-end text:change-id="ct2"/>', 1)
    text = text.replace('and a deleted phrase ends', 'and <text:change text:change-id="ct1"/>ends', 1)
    text = text.replace('A box follows.', 'A box follows.<draw:frame draw:name="box" text:anchor-type="as-char"><draw:text-box><text:p>Text in the box.</text:p></draw:text-box></draw:frame><draw:frame draw:name="sheet" text:anchor-type="as-char"><draw:object xlink:href="./Object 1" xlink:type="simple" xlink:show="embed" xlink:actuate="onLoad"/><draw:image xlink:href="./ObjectReplacements/Object 1" xlink:type="simple" xlink:show="embed" xlink:actuate="onLoad"/></draw:frame>', 1)
    return text.encode()
with zipfile.ZipFile(target, 'w') as z:
    for info, data in entries:
        if info.filename == 'content.xml':
            data = edit(data)
        z.writestr(info, data, compress_type=zipfile.ZIP_STORED if info.filename == 'mimetype' else zipfile.ZIP_DEFLATED)
    z.writestr('Basic/Standard/Module1.xml', '<?xml version="1.0"?><script:module xmlns:script="http://openoffice.org/2000/script" script:name="Module1" script:language="StarBasic">Sub Main\nEnd Sub</script:module>', compress_type=zipfile.ZIP_DEFLATED)
PY

python3 - "$work/pixel.png" "$out/word.docx" <<'PY'
import sys, zipfile
png, target = open(sys.argv[1], 'rb').read(), sys.argv[2]
W = 'xmlns:wpc="http://schemas.microsoft.com/office/word/2010/wordprocessingCanvas" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns:m="http://schemas.openxmlformats.org/officeDocument/2006/math" xmlns:v="urn:schemas-microsoft-com:vml" xmlns:wp14="http://schemas.microsoft.com/office/word/2010/wordprocessingDrawing" xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" xmlns:w10="urn:schemas-microsoft-com:office:word" xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml" xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" mc:Ignorable="w14 wp14"'
def p(body, style=None, ppr=''):
    props = (f'<w:pStyle w:val="{style}"/>' if style else '') + ppr
    return f'<w:p w:rsidR="00A12B34" w:rsidRDefault="00A12B34"><w:pPr>{props}</w:pPr>{body}</w:p>' if props else f'<w:p w:rsidR="00A12B34">{body}</w:p>'
def r(text, rpr=''):
    return f'<w:r w:rsidRPr="00C5D6E7">{"<w:rPr>" + rpr + "</w:rPr>" if rpr else ""}<w:t xml:space="preserve">{text}</w:t></w:r>'
def item(text, num, ilvl):
    return p(r(text), 'Listenabsatz', f'<w:numPr><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num}"/></w:numPr>')
field = lambda instr, shown: ('<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
    f'<w:r><w:instrText xml:space="preserve"> {instr} </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>'
    + r(shown) + '<w:r><w:fldChar w:fldCharType="end"/></w:r>')
textbox = ('<w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wp:anchor distT="0" distB="0" distL="0" distR="0" simplePos="0" relativeHeight="1" behindDoc="0" locked="0" layoutInCell="1" allowOverlap="1"><wp:simplePos x="0" y="0"/><wp:positionH relativeFrom="column"><wp:posOffset>0</wp:posOffset></wp:positionH><wp:positionV relativeFrom="paragraph"><wp:posOffset>0</wp:posOffset></wp:positionV><wp:extent cx="914400" cy="457200"/><wp:wrapSquare wrapText="bothSides"/><wp:docPr id="2" name="Textfeld 2"/><a:graphic xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"><wps:wsp><wps:txbx><w:txbxContent>'
    + p(r('Text im Kasten.')) + '</w:txbxContent></wps:txbx><wps:bodyPr/></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice><mc:Fallback><w:pict><v:shape id="Textfeld 2" o:spid="_x0000_s1026" type="#_x0000_t202"><v:textbox><w:txbxContent>'
    + p(r('Text im Kasten.')) + '</w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r>')
picture = ('<w:r><w:drawing><wp:inline distT="0" distB="0" distL="0" distR="0"><wp:extent cx="12700" cy="12700"/><wp:docPr id="1" name="Grafik 1"/><a:graphic xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:pic xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:nvPicPr><pic:cNvPr id="1" name="Bild"/><pic:cNvPicPr/></pic:nvPicPr><pic:blipFill><a:blip r:embed="rId20"/></pic:blipFill><pic:spPr/></pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r>')
ole = ('<w:r><w:object w:dxaOrig="1440" w:dyaOrig="720"><v:shape id="_x0000_i1025" type="#_x0000_t75" style="width:72pt;height:36pt" o:ole=""><v:imagedata r:id="rId20" o:title=""/></v:shape><o:OLEObject Type="Embed" ProgID="Excel.Sheet.12" ShapeID="_x0000_i1025" DrawAspect="Content" ObjectID="_1" r:id="rId21"/></w:object></w:r>')
body = ''.join([
    p(r('Ein Aufsatz'), 'berschrift1'),
    p(r('Erster Teil'), 'berschrift2'),
    p(r('Fett', '<w:b/><w:bCs/>') + r('er Text', '<w:b/>') + r(' und ') + r('kursiv', '<w:rStyle w:val="Hervorhebung"/>')
      + r(' und ') + r('nicht fett', '<w:rStyle w:val="Fett"/><w:b w:val="0"/>') + r(' stark', '<w:rStyle w:val="Fett"/>')
      + r(' und ') + r('auch nicht', '<w:b w:val="false"/>') + r('.')),
    p(r('Tab') + '<w:r><w:tab/></w:r>' + r('getrennt, Zeile') + '<w:r><w:br/></w:r>' + r('umbrochen')
      + '<w:r><w:rPr><w:vanish/></w:rPr><w:t>VERSTECKT</w:t></w:r>' + '<w:r><w:sym w:font="Wingdings" w:char="F0E0"/></w:r>'
      + r(', Datum: ') + field('DATE \\@ "d. MMMM yyyy"', '1. Januar 2024') + r('.')),
    p(r('Ein Abschnitt'), 'Abschnitt'),
    p(r('Ein Zitat im Stil.'), 'Zitat'),
    p(r('Nur links eingerückt.'), None, '<w:ind w:left="720"/>'),
    p(r('Beidseitig eingerückt.'), None, '<w:ind w:left="720" w:right="720"/>'),
    item('Punkt eins', 1, 0), item('Unterpunkt', 1, 1), item('Punkt zwei', 1, 0),
    item('Erstens', 2, 0), item('Erstens a', 2, 1), item('tief', 2, 2), item('Zweitens', 2, 0),
    p(r('Zwischentext.')),
    item('Drittens', 2, 0),
    p(r('Links: ') + '<w:hyperlink r:id="rId10" w:history="1">' + r('die Seite', '<w:rStyle w:val="Hyperlink"/>') + '</w:hyperlink>'
      + r(', ') + field('HYPERLINK "https://example.org/feld"', 'ein Feld') + r(', ')
      + '<w:hyperlink w:anchor="_Toc1" w:history="1">' + r('ein Anker', '<w:rStyle w:val="Hyperlink"/>') + '</w:hyperlink>'
      + r(', ') + '<w:hyperlink r:id="rId11">' + r('ein Skript') + '</w:hyperlink>' + r('.')),
    p(r('Fußnote') + '<w:r><w:rPr><w:rStyle w:val="Funotenzeichen"/></w:rPr><w:footnoteReference w:id="1"/></w:r>'
      + r(' und Endnote') + '<w:r><w:rPr><w:rStyle w:val="Endnotenzeichen"/></w:rPr><w:endnoteReference w:id="1"/></w:r>' + r('.')),
    p('<w:commentRangeStart w:id="0"/>' + r('Kommentiert') + '<w:commentRangeEnd w:id="0"/>'
      + '<w:r><w:rPr><w:rStyle w:val="Kommentarzeichen"/></w:rPr><w:commentReference w:id="0"/></w:r>'
      + r(' mit ') + '<w:ins w:id="1" w:author="Ann" w:date="2024-01-01T00:00:00Z">' + r('eingefügtem') + '</w:ins>'
      + '<w:del w:id="2" w:author="Ann" w:date="2024-01-01T00:00:00Z"><w:r><w:delText>gelöschtem</w:delText></w:r></w:del>' + r(' Text.')),
    p(r('Erste Hälfte, '), None, '<w:rPr><w:del w:id="3" w:author="Ann" w:date="2024-01-01T00:00:00Z"/></w:rPr>'),
    p(r('zweite Hälfte.')),
    p(r('Bild und Objekt:') + picture + ole + textbox),
    p(r('Letzter Satz.')),
])
document = f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n<w:document {W}><w:body>{body}<w:sectPr><w:headerReference w:type="default" r:id="rId30"/><w:pgSz w:w="11906" w:h="16838"/></w:sectPr></w:body></w:document>'
def style(kind, sid, name, inner='', default=False):
    flag = ' w:default="1"' if default else ''
    return f'<w:style w:type="{kind}"{flag} w:styleId="{sid}"><w:name w:val="{name}"/>{inner}</w:style>'
styles = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n<w:styles {W}><w:docDefaults><w:rPrDefault><w:rPr><w:lang w:val="de-DE"/></w:rPr></w:rPrDefault></w:docDefaults>'
    + style('paragraph', 'Standard', 'Normal', '<w:qFormat/>', True)
    + style('paragraph', 'berschrift1', 'heading 1', '<w:basedOn w:val="Standard"/><w:next w:val="Standard"/><w:link w:val="berschrift1Zchn"/><w:uiPriority w:val="9"/><w:qFormat/><w:pPr><w:keepNext/><w:keepLines/><w:spacing w:before="240"/><w:outlineLvl w:val="0"/></w:pPr><w:rPr><w:b/><w:sz w:val="32"/></w:rPr>')
    + style('paragraph', 'berschrift2', 'heading 2', '<w:basedOn w:val="Standard"/><w:next w:val="Standard"/><w:uiPriority w:val="9"/><w:unhideWhenUsed/><w:qFormat/><w:pPr><w:outlineLvl w:val="1"/></w:pPr><w:rPr><w:b/></w:rPr>')
    + style('paragraph', 'Abschnitt', 'Section Heading', '<w:basedOn w:val="berschrift2"/><w:qFormat/><w:rPr><w:i/></w:rPr>')
    + style('paragraph', 'Zitat', 'Quote', '<w:basedOn w:val="Standard"/><w:uiPriority w:val="29"/><w:qFormat/><w:pPr><w:ind w:left="864" w:right="864"/><w:jc w:val="center"/></w:pPr><w:rPr><w:i/><w:iCs/></w:rPr>')
    + style('paragraph', 'Listenabsatz', 'List Paragraph', '<w:basedOn w:val="Standard"/><w:uiPriority w:val="34"/><w:qFormat/><w:pPr><w:ind w:left="720"/><w:contextualSpacing/></w:pPr>')
    + style('paragraph', 'Funotentext', 'footnote text', '<w:basedOn w:val="Standard"/><w:rPr><w:sz w:val="20"/></w:rPr>')
    + style('character', 'Absatz-Standardschriftart', 'Default Paragraph Font', '<w:uiPriority w:val="1"/><w:semiHidden/>', True)
    + style('character', 'Fett', 'Strong', '<w:basedOn w:val="Absatz-Standardschriftart"/><w:uiPriority w:val="22"/><w:qFormat/><w:rPr><w:b/><w:bCs/></w:rPr>')
    + style('character', 'Hervorhebung', 'Emphasis', '<w:basedOn w:val="Absatz-Standardschriftart"/><w:uiPriority w:val="20"/><w:qFormat/><w:rPr><w:i/><w:iCs/></w:rPr>')
    + style('character', 'Hyperlink', 'Hyperlink', '<w:basedOn w:val="Absatz-Standardschriftart"/><w:rPr><w:color w:val="0563C1"/><w:u w:val="single"/></w:rPr>')
    + style('character', 'Funotenzeichen', 'footnote reference', '<w:rPr><w:vertAlign w:val="superscript"/></w:rPr>')
    + style('character', 'Endnotenzeichen', 'endnote reference', '<w:rPr><w:vertAlign w:val="superscript"/></w:rPr>')
    + style('character', 'Kommentarzeichen', 'annotation reference', '<w:rPr><w:sz w:val="16"/></w:rPr>')
    + '</w:styles>')
def lvl(ilvl, fmt, text):
    return f'<w:lvl w:ilvl="{ilvl}" w:tplc="04070001"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/><w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/><w:pPr><w:ind w:left="{720 * (ilvl + 1)}" w:hanging="360"/></w:pPr></w:lvl>'
numbering = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n<w:numbering {W}>'
    '<w:abstractNum w:abstractNumId="0" w15:restartNumberingAfterBreak="0" xmlns:w15="http://schemas.microsoft.com/office/word/2012/wordml"><w:nsid w:val="1A2B3C4D"/><w:multiLevelType w:val="hybridMultilevel"/>'
    + lvl(0, 'bullet', '\uf0b7') + lvl(1, 'bullet', 'o') + lvl(2, 'bullet', '\uf0a7') + '</w:abstractNum>'
    '<w:abstractNum w:abstractNumId="1"><w:nsid w:val="2B3C4D5E"/><w:multiLevelType w:val="hybridMultilevel"/>'
    + lvl(0, 'decimal', '%1.') + lvl(1, 'lowerLetter', '%2.') + lvl(2, 'lowerRoman', '%3.') + '</w:abstractNum>'
    '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num><w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num></w:numbering>')
def notes(kind):
    tag = kind[:-1]
    ref = tag + 'Ref'
    text = (r('Die Fußnote, mit ') + r('Betonung', '<w:i/>') + r('.')) if tag == 'footnote' else r('Die Endnote.')
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n<w:{kind} {W}>'
        f'<w:{tag} w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:{tag}>'
        f'<w:{tag} w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:{tag}>'
        f'<w:{tag} w:id="1"><w:p><w:pPr><w:pStyle w:val="Funotentext"/></w:pPr><w:r><w:rPr><w:rStyle w:val="Funotenzeichen"/></w:rPr><w:{ref}/></w:r>'
        + r(' ') + text + f'</w:p></w:{tag}></w:{kind}>')
comments = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n<w:comments {W}><w:comment w:id="0" w:author="Ann" w:date="2024-01-01T00:00:00Z" w:initials="A">'
    + p('<w:r><w:annotationRef/></w:r>' + r('GEHEIMER KOMMENTAR')) + '</w:comment></w:comments>')
header = f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n<w:hdr {W}>' + p(r('KOPFZEILE')) + '</w:hdr>'
R = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships'
rels = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    f'<Relationship Id="rId1" Type="{R}/styles" Target="styles.xml"/>'
    f'<Relationship Id="rId2" Type="{R}/numbering" Target="numbering.xml"/>'
    f'<Relationship Id="rId3" Type="{R}/footnotes" Target="footnotes.xml"/>'
    f'<Relationship Id="rId4" Type="{R}/endnotes" Target="endnotes.xml"/>'
    f'<Relationship Id="rId5" Type="{R}/comments" Target="comments.xml"/>'
    f'<Relationship Id="rId6" Type="http://schemas.microsoft.com/office/2006/relationships/vbaProject" Target="vbaProject.bin"/>'
    f'<Relationship Id="rId10" Type="{R}/hyperlink" Target="https://example.org/seite" TargetMode="External"/>'
    f'<Relationship Id="rId11" Type="{R}/hyperlink" Target="javascript:alert(1)" TargetMode="External"/>'
    f'<Relationship Id="rId20" Type="{R}/image" Target="media/image1.png"/>'
    f'<Relationship Id="rId21" Type="{R}/oleObject" Target="embeddings/oleObject1.bin"/>'
    f'<Relationship Id="rId30" Type="{R}/header" Target="header1.xml"/>'
    '</Relationships>')
package_rels = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>')
core = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
    '<dc:title></dc:title><dc:creator>Ann</dc:creator><cp:revision>3</cp:revision></cp:coreProperties>')
types = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
    '<Default Extension="png" ContentType="image/png"/><Default Extension="bin" ContentType="application/vnd.openxmlformats-officedocument.oleObject"/>'
    '<Override PartName="/word/document.xml" ContentType="application/vnd.ms-word.document.macroEnabled.main+xml"/></Types>')
with zipfile.ZipFile(target, 'w', zipfile.ZIP_DEFLATED) as z:
    for name, data in [('[Content_Types].xml', types), ('_rels/.rels', package_rels), ('docProps/core.xml', core),
                       ('word/document.xml', document), ('word/styles.xml', styles), ('word/numbering.xml', numbering),
                       ('word/footnotes.xml', notes('footnotes')), ('word/endnotes.xml', notes('endnotes')),
                       ('word/comments.xml', comments), ('word/header1.xml', header), ('word/_rels/document.xml.rels', rels),
                       ('word/media/image1.png', png), ('word/embeddings/oleObject1.bin', b'\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1' + bytes(504)),
                       ('word/vbaProject.bin', b'\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1' + bytes(504))]:
        z.writestr(name, data)
PY

[ -x /tmp/venv/bin/msoffcrypto-tool ] || { python3 -m venv /tmp/venv && /tmp/venv/bin/pip install -q msoffcrypto-tool; }
/tmp/venv/bin/msoffcrypto-tool -e -p secret "$out/features.docx" "$out/encrypted.docx"

python3 - "$out/bomb.docx" "$out/bomb-lying.docx" <<'PY'
import struct, sys, zipfile
honest, lying = sys.argv[1], sys.argv[2]
document = b'<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>' \
    + b' ' * (60 << 20) + b'</w:t></w:r></w:p></w:body></w:document>'
with zipfile.ZipFile(honest, 'w', zipfile.ZIP_DEFLATED, compresslevel=9) as z:
    z.writestr('[Content_Types].xml', '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>')
    z.writestr('word/document.xml', document)
data = bytearray(open(honest, 'rb').read())
for signature, offset in ((b'PK\x03\x04', 22), (b'PK\x01\x02', 24)):
    at = data.find(signature)
    while at >= 0:
        if struct.unpack_from('<I', data, at + offset)[0] > 1 << 20:
            struct.pack_into('<I', data, at + offset, 1024)
        at = data.find(signature, at + 4)
open(lying, 'wb').write(data)
PY

title=$(python3 -c "print(open('/dev/stdin', encoding='utf-8').read().strip())" <<'EOF'
Lenin, Stalin and the ‘continuity theory’
EOF
)
pandoc $from seed-002.md --metadata title="$title" -o seed-002.docx
pandoc $from seed-002.md --metadata title="$title" -o seed-002.odt
ls -l "$out"
