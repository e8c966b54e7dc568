from django.core.management.base import BaseCommand

from pages.models import Page

# Our own words for the demo newsroom's standing pages; a newsroom rewrites them.
PAGES = [
    ("about", "About us", Page.Purpose.ABOUT, 1, [
        "We are a small newsroom covering Port Aldren, the harbour town, and the valley behind it: "
        "the council, the schools, the ferries, the weather and the people who make the place what it is.",
        "We are reader-funded and answer to nobody else. If something we publish matters to you, tell us.",
    ]),
    ("contact", "Contact", Page.Purpose.CONTACT, 2, [
        "News tips: tips@courier.example. Corrections: corrections@courier.example.",
        "Our office on Quay Street is open on weekday mornings.",
    ]),
    ("privacy", "Privacy policy", Page.Purpose.PRIVACY, 3, [
        "We keep the least we can. If you comment, we store your name, your e-mail address (never shown) "
        "and a keyed hash of your network address, so that moderators can spot abuse; never the address itself.",
        "If you sign up for the weekly digest we keep your e-mail address until you unsubscribe, "
        "which every digest lets you do with one click. We use no advertising or tracking cookies.",
    ]),
    ("corrections-policy", "Corrections policy", Page.Purpose.CORRECTIONS, 4, [
        "When we get something wrong we correct it in the story, say what changed and when, "
        "and list the correction on our corrections page.",
    ]),
    ("terms", "Terms of use", Page.Purpose.TERMS, 5, [
        "You may quote and link to our stories. Comments are yours; by posting one you let us show it "
        "beside the story. We remove comments that break the law or the comment rules.",
    ]),
]  # fmt: skip


class Command(BaseCommand):
    help = "Load the demo newsroom's standing pages (About, Contact, Privacy, Corrections policy, Terms)."

    def handle(self, *args, **options):
        made = 0
        for slug, title, purpose, order, paragraphs in PAGES:
            body = "".join(f"<p>{text}</p>" for text in paragraphs)
            _page, created = Page.objects.get_or_create(
                slug=slug,
                parent=None,
                defaults={
                    "title": title,
                    "purpose": purpose,
                    "order": order,
                    "body": body,
                    "status": Page.Status.PUBLISHED,
                },
            )
            made += created
        self.stdout.write(f"Pages: {made} created.")
