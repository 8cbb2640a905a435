"""/ost-admin add and edit answer a Korean admin's mistakes in Korean (typed times, the rules
shared with schedule files), while English admins read them exactly as before."""

from __future__ import annotations

from tests.bot.exts.releases.conftest import only_release


async def test_a_korean_admin_reads_time_problems_in_korean(bot, servers):
    """A bad date, hour and zone in `when` are explained in Korean, the option named; nothing
    is written."""
    a, _ = servers
    a.admin.user.locale = "ko"
    base = {"drama": "lovely-runner", "artists": "Eclipse"}
    day = await a.ost("add", {**base, "when": "2030-02-30"})
    assert day.ephemeral
    assert day.content == 'when: "2030-02-30": 2030년 2월에는 30일이 없어요 (1~28)'
    hour = await a.ost("add", {**base, "when": "2030-12-30 25:00"})
    assert hour.content == 'when: "25:00": 25시는 없어요 (0~23)'
    zone = await a.ost("add", {**base, "when": "2030-12-30 18:00 Asia/Seol"})
    assert zone.content == (
        'when: "Asia/Seol"은(는) 시간대가 아니에요 ("Asia/Seoul"을(를) 말씀하신 건가요?)'
    )
    past = await a.ost("add", {**base, "when": "2020-01-01 18:00"})
    assert past.content == (
        'when: "2020-01-01 18:00"은(는) 이미 지난 시간이에요: 앞으로 올 시간을 적어 주세요'
    )
    assert await bot.store.own_releases.all(a.guild.id) == []


async def test_a_korean_admin_reads_field_problems_in_korean(bot, servers):
    """add's problems (the schedule files' rules: a blank name, a link, a control character)
    are one Korean line each; edit's too; English admins read the English lines."""
    a, b = servers
    a.admin.user.locale = "ko"
    refused = await a.ost(
        "add",
        {
            "drama": "lovely-runner",
            "artists": "Eclipse, ",
            "mv": "http://youtu.be/star",
        },
    )
    assert refused.content == (
        'artists: 비어 있으면 안 돼요\nmv: "http://youtu.be/star"은(는) https:// 링크가 아니에요'
    )
    english = await b.ost(
        "add", {"drama": "lovely-runner", "artists": "Eclipse", "mv": "http://youtu.be/star"}
    )
    assert english.content == 'mv: "http://youtu.be/star" is not an https:// URL'
    await a.ost("add", {"drama": "lovely-runner", "artists": "Eclipse", "title": "Star"})
    added = await only_release(bot, a)
    edited = await a.ost("edit", {"release": added.key, "notes": "a\x1bb"})
    assert edited.content == ("notes: 제어 문자 U+001B (ESCAPE)이(가) 들어 있어요. 지워 주세요")
