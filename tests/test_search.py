"""tracker.search: people and contributors by Chinese characters or pinyin initials, in pages."""

from __future__ import annotations

import pendulum

from models import Person
from tracker import records, search


def test_pinyin_initials_find_lxj_in_the_demo(demo_db):
    people = search.search_people("lxj")
    assert [p.name for p in people.items] == ["梁湘江"]
    assert people.total == 1
    hit = people.items[0]
    assert (hit.group, hit.household, hit.mobiliser) == ("桐梓组", "桐梓组01户", "梁旦")
    contributors = search.search_contributors("LXJ")  # initials are matched case-blind
    assert [(c.name, c.kind, c.group) for c in contributors.items] == [("梁湘江", "xiangxian", "桐梓组")]


def test_chinese_text_matches_anywhere_in_the_name_and_exact_name_comes_first(db):
    for name in ("王江", "江小红", "李江华", "江"):
        records.add_person(name, "一组", "一组01户")
    found = [p.name for p in search.search_people("江").items]
    assert sorted(found) == sorted(["王江", "江小红", "李江华", "江"])
    assert found[0] == "江"  # the exact name, then names starting with it
    assert found[1] == "江小红"
    assert search.count_people("江") == 4
    assert search.search_people("赵").items == []


def test_initials_are_a_prefix_not_a_substring(db):
    records.add_person("梁湘江", "一组")
    records.add_person("王梁湘", "一组")  # initials wlx: contains "lx" but does not start with it
    assert [p.name for p in search.search_people("lx").items] == ["梁湘江"]


def test_a_household_is_found_by_its_name(db):
    records.add_person("张三", "一组", "一组07户")
    records.add_person("李四", "一组", "一组08户")
    assert [p.name for p in search.search_people("07户").items] == ["张三"]


def test_like_wildcards_typed_by_a_user_match_nothing_special(db):
    records.add_person("张三", "一组")
    records.add_person("李四", "一组")
    assert search.search_people("%").total == search.search_people("").total == 2
    assert search.search_people("张%").total == 1


def test_pages_cover_every_person_once_and_say_when_more_remain(demo_db):
    total = Person.select().count()
    seen: list[int] = []
    offset = 0
    while True:
        page = search.search_people("", limit=40, offset=offset)
        assert page.total == total
        assert len(page.items) <= 40
        seen += [p.id for p in page.items]
        if not page.has_more:
            break
        offset += 40
    assert len(seen) == total == len(set(seen))
    assert search.search_people("", limit=40, offset=total - 5).has_more is False


def test_group_members_are_listed_household_by_household_head_first(db):
    records.add_person("户员乙", "一组", "一组02户")
    records.add_person("户主甲", "一组", "一组02户", is_household_head=True)
    records.add_person("户主丙", "一组", "一组01户", is_household_head=True)
    records.add_person("别组", "二组", "二组01户", is_household_head=True)
    members = search.group_members("一组")
    assert [p.name for p in members] == ["户主丙", "户主甲", "户员乙"]


def test_party_only_search_for_the_mobilising_member(demo_db):
    found = search.search_people("梁", party_only=True, limit=200).items
    assert found and all(p.is_party_member for p in found)
    assert "梁旦" in [p.name for p in found]
    assert "梁湘江" not in [p.name for p in found]


def test_exact_names_for_resolving_what_was_typed(demo_db):
    assert [c.name for c in search.contributors_named(" 梁湘江 ")] == ["梁湘江"]
    assert search.contributors_named("梁湘") == []
    assert [p.name for p in search.people_named("梁湘江")] == ["梁湘江"]
    assert search.looks_like_initials("lxj") and not search.looks_like_initials("梁湘江")


def test_labour_already_recorded_on_a_day_and_work_types(db):
    project = records.add_project("屋场", "一组")
    a = records.add_person("张三", "一组")
    b = records.add_person("李四", "一组")
    day = pendulum.date(2026, 5, 26)
    records.add_labour_roll(project, day, "砌墙", [(a, 2), (b, 1)])
    records.add_labour(a, project, day, 1, work_type="砌墙")
    records.add_labour(b, project, day.add(days=1), 2, work_type="铺路")
    assert search.labour_on(project.id, day) == {a.id: 3, b.id: 1}
    assert search.work_types() == ["砌墙", "铺路"]  # the most used first
    assert search.people_by_id([a.id, b.id])[b.id].name == "李四"


# --- the one name lookup: every reading, full pinyin, any part of the name ----------------------


def test_zjg_finds_zeng_jianguo_by_the_surname_reading(db):
    records.add_person("曾建国", "三组", "曾家")
    for typed in ("zjg", "cjg", "zengjianguo", "zeng", "建国", "曾"):
        assert [h.name for h in search.search_people(typed).items] == ["曾建国"], typed
    for name, typed in [("单雄", "sx"), ("解放", "xf"), ("仇大海", "qdh"), ("查文", "zw"), ("区小明", "oxm")]:
        records.add_contributor(name, "xiangxian")
        assert [h.name for h in search.search_contributors(typed).items] == [name], typed


def test_any_part_of_an_organisations_name_finds_it(db):
    records.add_contributor("新化县宏达建材有限公司", "enterprise")
    assert [h.name for h in search.search_payers("宏达")] == ["新化县宏达建材有限公司"]


def test_payers_are_contributors_and_villagers_namesakes_apart(db):
    wang_1 = records.add_person("王建国", "一组", "王家老屋")
    records.add_person("王建国", "三组", "王家新屋")
    records.contributor_of(wang_1)
    hits = search.search_payers("wjg")
    assert [(h.name, h.household, h.is_villager) for h in hits] == [
        ("王建国", "王家老屋", False),
        ("王建国", "王家新屋", True),
    ]


def test_names_of_an_older_database_get_their_spellings_on_opening(db):
    from models import Person

    person = records.add_person("曾建国", "三组")
    Person.update(spell="").execute()
    assert search.search_people("zengjianguo").items == []
    assert search.index_names() == 1
    assert [h.id for h in search.search_people("zengjianguo").items] == [person.id]
