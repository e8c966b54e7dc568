"""Placeholder public views; the foundation issue fills them in."""

from django.shortcuts import get_object_or_404
from django.views.generic import DetailView, ListView

from articles.models import Article, Author, Section, Tag


class PublishedMixin:
    paginate_by = 20

    def get_queryset(self):
        return Article.objects.published().for_listing()


class HomeView(PublishedMixin, ListView):
    template_name = "articles/home.html"


class SectionView(PublishedMixin, ListView):
    template_name = "articles/section.html"

    def get_queryset(self):
        self.section = get_object_or_404(Section, slug=self.kwargs["slug"])
        return super().get_queryset().filter(section=self.section)


class TagView(PublishedMixin, ListView):
    template_name = "articles/tag.html"

    def get_queryset(self):
        self.tag = get_object_or_404(Tag, slug=self.kwargs["slug"])
        return super().get_queryset().filter(tags=self.tag)


class AuthorView(PublishedMixin, ListView):
    template_name = "articles/author.html"

    def get_queryset(self):
        self.author = get_object_or_404(Author, slug=self.kwargs["slug"])
        return super().get_queryset().filter(authors=self.author)


class ArticleDetailView(DetailView):
    template_name = "articles/article_detail.html"

    def get_queryset(self):
        return Article.objects.published()


class ArticlePreviewView(DetailView):
    template_name = "articles/article_detail.html"

    def get_queryset(self):
        return Article.objects.all()
