"""Through the fake Discord: commands synced with valid localizations, a Korean member answered
in Korean (replies, errors, buttons), and a server's language set and defaulted."""

from __future__ import annotations

import pytest

from bot.i18n import SUPPORTED
from tests.bot.announcer.conftest import LogWaiter
from tests.fake_discord import FakeDiscord, permissions
from tests.fake_discord.commands import valid_name

LOCALIZED = {code for code in SUPPORTED if code != "en-US"} | {"es-419"}


def walk(item: dict, path: str = ""):
    """Every command, group and option of a synced command, with its path."""
    here = f"{path} {item['name']}".strip()
    yield here, item
    for option in item.get("options") or []:
        yield from walk(option, here)


async def test_synced_commands_carry_localizations_discord_accepts(
    start_ostbot, fake_discord: FakeDiscord, fake_guild
):
    """Every command and option is synced with names and descriptions in each supported
    language (the fake validates them as Discord does: the sync would fail otherwise)."""
    async with start_ostbot():
        synced = fake_discord.commands.list(None)
    items = dict(item for command in synced for item in walk(command))
    upcoming = items["ost upcoming"]
    assert upcoming["name_localizations"]["ko"] == "예정"
    assert upcoming["name_localizations"]["es-ES"] == "próximos"
    assert set(upcoming["description_localizations"]) == LOCALIZED
    language = items["ost-admin setup language language"]
    choices = {c["value"]: c for c in language["choices"]}
    assert choices["default"]["name_localizations"]["ko"] == "서버 기본 언어"
    for path, item in items.items():
        if "choices" in item or "description" not in item:
            continue
        assert set(item.get("description_localizations") or {}) == LOCALIZED, path
        for name in (item.get("name_localizations") or {}).values():
            assert valid_name(name), (path, name)


@pytest.fixture
def korean(fake_discord: FakeDiscord, fake_guild):
    """A member whose Discord client is in Korean."""
    user = fake_discord.add_user("minji")
    user.locale = "ko"
    return fake_guild.add_member(user)


async def test_a_korean_member_gets_korean_replies_and_errors(
    start_ostbot, fake_discord: FakeDiscord, fake_guild, korean
):
    """Replies, the error path and a reply with a button are in Korean; others read English."""
    alice = next(m for m in fake_guild.members.values() if m.user.username == "alice")
    alice.user.locale = "fr"  # no French catalogue: English
    async with start_ostbot(extensions=["bot.exts.browse"]):
        mine = await fake_discord.invoke("ost myreminders", user=korean)
        assert mine.content == "신청한 알림이 없어요. /ost remind로 신청할 수 있어요."
        error = await fake_discord.invoke("ost info", {"release": "nope/none"}, user=korean)
        assert error.ephemeral
        assert error.content.startswith('여기에는 "nope/none" 음원이 없어요.')
        upcoming = await fake_discord.invoke("ost upcoming", user=korean)
        assert upcoming.embeds[0]["title"] == "다가오는 OST 음원"
        english = await fake_discord.invoke("ost myreminders", user=alice)
        assert english.content == "You have no reminders. /ost remind sets one."


async def test_a_korean_admin_sets_up_in_korean_and_the_server_language_is_its_default(
    start_ostbot, fake_discord: FakeDiscord, fake_guild
):
    """A server whose Discord language is Spanish posts in Spanish until an admin picks
    another language, and back with "server default"; the admin reads Korean throughout."""
    fake_guild.preferred_locale = "es-ES"
    user = fake_discord.add_user("admin-ko")
    user.locale = "ko"
    admin = fake_guild.add_member(user, permissions=permissions.MANAGE_GUILD)
    general = next(c for c in fake_guild.channels.values() if c.name == "general")
    async with start_ostbot(extensions=["bot.exts.admin"]) as bot:
        store = bot.store
        done = await fake_discord.invoke(
            "ost-admin setup channel", {"channel": general}, user=admin
        )
        assert done.content.startswith(f"✅ 알림은 <#{general.id}>에 올라가요 (멘션 없음).")
        settings = await store.servers.get(fake_guild.id)
        assert settings is not None
        assert settings.post_locale == "es-ES"
        chosen = await fake_discord.invoke(
            "ost-admin setup language", {"language": "ko"}, user=admin
        )
        assert (
            chosen.content == "✅ 이제 이 서버의 알림, 사전 알림, 이벤트는 한국어(으)로 올라가요."
        )
        settings = await store.servers.get(fake_guild.id)
        assert settings is not None
        assert settings.post_locale == "ko"
        await fake_discord.invoke("ost-admin setup language", {"language": "default"}, user=admin)
        settings = await store.servers.get(fake_guild.id)
        assert settings is not None
        assert (settings.language, settings.post_locale) == (None, "es-ES")
        status = await fake_discord.invoke("ost-admin status", user=admin)
        fields = {f["name"]: f["value"] for f in status.embeds[0]["fields"]}
        assert fields["언어"] == "Español (디스코드의 서버 언어)"


async def test_a_server_changing_its_language_in_discord_changes_its_posts_default(
    start_ostbot, fake_discord: FakeDiscord, fake_guild
):
    """GUILD_UPDATE with a new preferred locale: a set-up server's posts follow it."""
    async with start_ostbot(extensions=["bot.exts.announcer"]) as bot:
        now = bot.clock()
        await bot.store.servers.set_channel(fake_guild.id, 1, ping_role_id=None, now=now)
        with LogWaiter("bot.exts.announcer._cog", str(fake_guild.id), "ja") as changed:
            fake_guild.edit(preferred_locale="ja")
            await changed.wait()
        settings = await bot.store.servers.get(fake_guild.id)
    assert settings is not None
    assert settings.post_locale == "ja"
