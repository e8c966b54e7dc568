"""Write a synthetic WordPress export (deterministic) for import tests and benchmarks.

    .venv/bin/python bench/make_wxr.py OUT.xml --posts 2000 --comments 50000

Comments are spread over the posts in threads up to five levels deep, each reply listed
before its parent now and then, as real exports sometimes do.
"""

import argparse
import random
from xml.sax.saxutils import escape

HEAD = """<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
 xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:wfw="http://wellformedweb.org/CommentAPI/"
 xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel><title>Generated export</title><link>https://generated.example</link><wp:wxr_version>1.2</wp:wxr_version>
<wp:author><wp:author_login>writer</wp:author_login><wp:author_display_name>Generated Writer</wp:author_display_name></wp:author>
"""
WORDS = [
    "harbour",
    "council",
    "market",
    "ferry",
    "storm",
    "school",
    "budget",
    "festival",
    "bridge",
    "river",
    "library",
    "museum",
]


def comment_xml(comment_id, parent, day, rng):
    text = " ".join(rng.choice(WORDS) for _ in range(rng.randint(8, 40)))
    return (
        f"<wp:comment><wp:comment_id>{comment_id}</wp:comment_id><wp:comment_author>Reader {comment_id % 500}"
        f"</wp:comment_author><wp:comment_author_email>reader{comment_id % 500}@example.org</wp:comment_author_email>"
        f"<wp:comment_author_IP>192.0.2.{comment_id % 250}</wp:comment_author_IP><wp:comment_date_gmt>{day} 12:"
        f"{comment_id % 60:02d}:00</wp:comment_date_gmt><wp:comment_content>{escape(text)}</wp:comment_content>"
        f"<wp:comment_approved>1</wp:comment_approved><wp:comment_parent>{parent}</wp:comment_parent></wp:comment>"
    )


def attachment_xml(number, base_url):
    return (
        f"<item><title>Picture {number}</title><wp:post_id>{100000 + number}</wp:post_id>"
        f"<wp:post_date>2023-01-01 08:00:00</wp:post_date><wp:status>inherit</wp:status>"
        f"<wp:post_parent>{number}</wp:post_parent><wp:post_type>attachment</wp:post_type>"
        f"<wp:attachment_url>{base_url}/wp-content/uploads/2023/01/picture-{number}.jpg</wp:attachment_url>"
        f"<wp:postmeta><wp:meta_key>_wp_attachment_image_alt</wp:meta_key><wp:meta_value>Picture {number}"
        f"</wp:meta_value></wp:postmeta></item>\n"
    )


def write(out, posts, comments, seed=1, images=0, base_url="http://127.0.0.1:8099"):
    """`images`: that many posts get a lead picture, an attachment at `base_url` (bench/wp_import.py serves them)."""
    rng = random.Random(seed)
    per_post = [comments // posts + (1 if n < comments % posts else 0) for n in range(posts)]
    comment_id = 0
    out.write(HEAD)
    for number in range(1, posts + 1):
        day = f"2023-{(number % 12) + 1:02d}-{(number % 28) + 1:02d}"
        body = "\n\n".join(" ".join(rng.choice(WORDS) for _ in range(60)) for _ in range(5))
        out.write(
            f"<item><title>Generated story {number}</title><link>https://generated.example/story-{number}/</link>"
            f"<dc:creator>writer</dc:creator><content:encoded><![CDATA[{body}]]></content:encoded>"
            f"<excerpt:encoded><![CDATA[Story {number} in brief.]]></excerpt:encoded><wp:post_id>{number}</wp:post_id>"
            f"<wp:post_date_gmt>{day} 08:00:00</wp:post_date_gmt><wp:post_name>story-{number}</wp:post_name>"
            f"<wp:status>publish</wp:status><wp:post_type>post</wp:post_type>"
            f'<category domain="category" nicename="news">News</category>'
        )
        if number <= images:
            out.write(
                f"<wp:postmeta><wp:meta_key>_thumbnail_id</wp:meta_key><wp:meta_value>{100000 + number}"
                "</wp:meta_value></wp:postmeta>"
            )
        chain = []  # (id, depth)
        pieces = []
        for _ in range(per_post[number - 1]):
            comment_id += 1
            if chain and rng.random() < 0.6:
                parent, depth = rng.choice(chain[-5:])
                if depth >= 4:
                    parent, depth = chain[0]
                chain.append((comment_id, depth + 1))
            else:
                parent = 0
                chain.append((comment_id, 0))
            pieces.append(comment_xml(comment_id, parent, day, rng))
        if len(pieces) > 2 and number % 3 == 0:
            pieces[1], pieces[2] = pieces[2], pieces[1]  # a reply before its parent, sometimes
        out.write("".join(pieces))
        out.write("</item>\n")
    for number in range(1, images + 1):
        out.write(attachment_xml(number, base_url))
    out.write("</channel></rss>\n")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out")
    parser.add_argument("--posts", type=int, default=2000)
    parser.add_argument("--comments", type=int, default=50000)
    parser.add_argument("--images", type=int, default=0, help="posts with a lead picture (attachments)")
    parser.add_argument("--base-url", default="http://127.0.0.1:8099", help="where the attachments are served")
    args = parser.parse_args()
    with open(args.out, "w", encoding="utf-8") as out:
        write(out, args.posts, args.comments, images=args.images, base_url=args.base_url)


if __name__ == "__main__":
    main()
