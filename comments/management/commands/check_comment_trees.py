from django.core.management.base import BaseCommand, CommandError

from comments.trees import check_trees, repair_tree
from core.progress import Reporter


class Command(BaseCommand):
    help = "Verify every comment tree (MPTT intervals, parents, levels); --repair rebuilds the damaged ones."

    def add_arguments(self, parser):
        parser.add_argument("--repair", action="store_true", help="Rebuild damaged trees under the article locks.")

    def handle(self, *args, repair, **options):
        progress = Reporter(self.stdout, "Checking trees")
        damaged = check_trees(progress=progress)
        progress.finish()
        if not damaged:
            self.stdout.write(self.style.SUCCESS("All comment trees are sound."))
            return
        for tree_id, problems in sorted(damaged.items()):
            self.stdout.write(f"Tree {tree_id}:")
            for problem in problems:
                self.stdout.write(f"  - {problem}")
        if not repair:
            raise CommandError(f"{len(damaged)} damaged tree(s). Run again with --repair to rebuild them.")
        for tree_id in sorted(damaged):
            repair_tree(tree_id)
        still = check_trees()
        if still:
            raise CommandError(f"{len(still)} tree(s) still damaged after repair: {sorted(still)}")
        self.stdout.write(self.style.SUCCESS(f"Repaired {len(damaged)} tree(s)."))
