"""The body corpus: fixtures/body_corpus.xml, a hand-written WordPress export (WXR 1.2) of a fictional
harbour-town newsroom (https://corpus.example) whose posts hold every construct a story body can hold,
each group once as the classic editor stores it (autop paragraphs, shortcodes) and once as the block
editor does (<!-- wp:… --> comments). All text is original.

Attachments: images 901-906 (harbour-crane, fish-market, lifeboat-launch, tide-gauge, ferry-deck,
lighthouse-lamp .jpg under /wp-content/uploads/2025/03/, each with alt text and a caption with a
"Photo:" credit), 907 wind-farm-report.pdf and 908 harbour-bells.mp3. Two media URLs used in bodies
are deliberately not attachments: MISSING_FILE_URL (an image, posts 1014 and 1015) and
MISSING_VIDEO_URL (posts 1023 and 1024).
"""

SITE = "https://corpus.example"

MISSING_FILE_URL = "https://corpus.example/wp-content/uploads/2025/03/lost-pier.jpg"
MISSING_VIDEO_URL = "https://corpus.example/wp-content/uploads/2025/03/no-such-clip.mp4"

# wp:post_id → what its body exercises. 1029 is a page; 1027 has an empty title; the rest are posts.
CORPUS_POSTS = {
    1000: "classic: strong/b, em/i, u, s, del, ins, sub, sup, code, mark, abbr, q, cite, kbd; http/https/mailto links",
    1001: "block: strong, em, s, del, ins, sub, sup, code, mark (core highlight), abbr, q, cite, kbd; http/https/mailto links",
    1002: "classic: h1, h2, h3, h4, h5, h6 between autop paragraphs",
    1003: "block: core/heading levels 1-6 (level attr omitted for the default h2, as WordPress does)",
    1004: "classic: ul nested three levels, ol start=3, ol inside ul inside ol (TinyMCE ' \\t<li>' layout)",
    1005: "block: core/list + core/list-item nested three levels, ordered start=3, ordered > unordered > ordered",
    1006: "classic: blockquote with <cite>, pull quote as blockquote.alignright",
    1007: "block: core/quote with inner paragraph and <cite>; core/pullquote with cite",
    1008: "classic: <pre><code> with strong/em/a inside, plain <pre>, verse as single-newline lines (autop <br>)",
    1009: "block: core/code with strong/em/a and escaped <>&, core/preformatted and core/verse (line breaks as <br>)",
    1010: "classic: table with <caption>, thead/tbody/tfoot, th scope col/row, colspan, rowspan",
    1011: "block: core/table with figcaption, thead/tbody/tfoot, th scope col/row, colspan, rowspan",
    1012: "classic: <hr />, <dl><dt><dd>, raw <details><summary>",
    1013: "block: core/separator (has-alpha-channel-opacity), core/details with summary and inner paragraph",
    1014: "classic: [caption] image 901 with 'Photo:' credit; [caption id=\"\"] image whose src is the missing lost-pier.jpg",
    1015: "block: core/image id 902 with figcaption credit; core/image without id whose src is the missing lost-pier.jpg",
    1016: 'classic: [gallery columns="3" ids="904,905,906"]',
    1017: "block: core/gallery columns:3 with inner core/image 903, 901, 902 each with its own caption",
    1018: "block only: two footnote references (sup.fn data-fn), core/footnotes block, meta 'footnotes' JSON (second note has a link)",
    1019: "classic: two <!--nextpage--> markers, three pages",
    1020: "block: two core/nextpage blocks, three pages",
    1021: "classic: plain link to the PDF attachment (as Add Media inserts it) and a mailto link",
    1022: "block: core/file for PDF 907 with download button (aria-describedby), core/buttons + core/button link",
    1023: "classic: [audio mp3=…][/audio] for attachment 908; [video src=…] whose no-such-clip.mp4 is not in the export",
    1024: "block: core/audio id 908 with caption; core/video whose src no-such-clip.mp4 is not in the export",
    1025: "classic: [embed]YouTube URL[/embed] and an X/Twitter URL alone on its line (auto-embed)",
    1026: "block: core/embed YouTube (is-type-video, responsive, aspect classes) and core/embed Twitter (is-type-rich)",
    1027: "classic: published with an EMPTY title (WordPress falls back to the id as slug)",
    1028: "classic: plain story with 2 pingbacks, 1 trackback and 1 ordinary comment",
    1029: "PAGE: block core/image id 906 aligncenter with caption, then a core/freeform (classic) chunk with [caption] image 905",
    1030: "classic: 226-letter unbroken title (slug = first 200 chars lowercased, as sanitize_title truncates), 300-letter unbroken word in the body",
}
