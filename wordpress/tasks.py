"""`import_wordpress --queue`: the import, media fetching included, run by a task worker."""

import io
import logging

from django.core.management import call_command

from core.tasks import background

logger = logging.getLogger(__name__)


@background(attempts=3, backoff_seconds=300)
def import_in_worker(arguments):
    """Run `import_wordpress` with `arguments` (its command line, paths made absolute). An import
    is safe to run again, so a failed or interrupted one is simply run again later; each run
    fetches only the files not downloaded yet (--fetch-dir)."""
    out = io.StringIO()
    call_command("import_wordpress", *arguments, stdout=out)
    for line in out.getvalue().splitlines():
        if line.strip():
            logger.info("import: %s", line)
    return out.getvalue().splitlines()[-1] if out.getvalue() else ""
