"""Account e-mails. Tokens are signed and expire; nothing secret is stored."""

from django.conf import settings
from django.core import signing
from django.core.mail import send_mail
from django.urls import reverse
from django.utils.translation import gettext as _

from .models import User

SALT = "zicht.accounts.confirm"
MAX_AGE = 3 * 24 * 3600  # three days


def confirmation_token(user: User) -> str:
    return signing.dumps({"u": user.pk, "e": user.email}, salt=SALT)


def confirm(token: str) -> User | None:
    try:
        data = signing.loads(token, salt=SALT, max_age=MAX_AGE)
    except signing.BadSignature:
        return None
    user = User.objects.filter(pk=data.get("u"), email=data.get("e")).first()
    if user and not user.email_confirmed:
        user.email_confirmed = True
        user.save(update_fields=["email_confirmed"])
    return user


def send_confirmation(user: User, request=None) -> None:
    path = reverse("accounts:confirm", kwargs={"token": confirmation_token(user)})
    url = request.build_absolute_uri(path) if request else settings.SITE_URL + path
    send_mail(
        subject=_("Confirm your e-mail address for Zicht"),
        message=_(
            "Hello %(name)s,\n\nConfirm your e-mail address by opening this link "
            "(valid for three days):\n\n%(url)s\n\nDid you not sign up for Zicht? "
            "Then ignore this message.\n"
        )
        % {"name": user.first_name or user.email, "url": url},
        from_email=None,
        recipient_list=[user.email],
    )
