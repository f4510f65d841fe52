from django import template

from promo.web.markdown import render_markdown

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(text):
    """{{ text|markdown }}: user Markdown through the one sanitising renderer."""
    return render_markdown(text)
