"""The pages people read before they trust a site: about, privacy, terms, contact, appeals."""

from django.conf import settings
from django.views.generic import TemplateView


class InfoPageView(TemplateView):
    """A plain page; the settings it quotes (contact address, lifetimes) come from settings."""

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            contact_email=settings.BOARD_CONTACT_EMAIL,
            lifetime_days=settings.BOARD_POST_LIFETIME_DAYS,
            flags_to_hide=settings.BOARD_FLAGS_TO_HIDE,
            **kwargs,
        )


about = InfoPageView.as_view(template_name="board/pages/about.html")
privacy = InfoPageView.as_view(template_name="board/pages/privacy.html")
terms = InfoPageView.as_view(template_name="board/pages/terms.html")
contact = InfoPageView.as_view(template_name="board/pages/contact.html")
appeal = InfoPageView.as_view(template_name="board/pages/appeal.html")
