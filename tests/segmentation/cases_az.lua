-- cases_az.lua: Azerbaijani sentence segmentation cases for parley.text.sentences.
-- Every split was decided by reading the text, the way a careful news editor
-- would; none was produced by running a segmenter. Conventions:
--   * each expected sentence is an exact substring of text, without the
--     whitespace around it; a newline inside a sentence stays in it;
--   * the sentences cover all of the text but whitespace (list markers,
--     closing quotes and brackets belong to their sentence);
--   * a blank line always ends a sentence; a single newline ends one only
--     after final punctuation, before a list item, or around a line that
--     stands alone (a heading above a long unwrapped paragraph, "Advertisement");
--   * a quotation followed by its attribution ("“Ready!” he said.") is one
--     sentence; a sentence that ends inside closing quotes ends there;
--   * headings, bylines and boilerplate lines are sentences of their own.
-- Azerbaijani specifics: abbreviations (və s., e.ə., mln., mlrd., küç., prof.)
-- end a sentence only when what follows clearly starts a new one; İ/ı and
-- ə are ordinary letters (İ is upper case).
-- Run by tests/lua/sentences.lua.
return {
  { id = "az-001",
    text = "Azərbaycan və Ermənistanın xarici işlər nazirləri Vaşinqtonda görüşüblər. Danışıqlar dörd saat davam edib.",
    sentences = {
      "Azərbaycan və Ermənistanın xarici işlər nazirləri Vaşinqtonda görüşüblər.",
      "Danışıqlar dörd saat davam edib.",
    },
    note = "iki sadə cümlə nöqtə ilə" },
  { id = "az-002",
    text = "Sülh sazişinin mətni razılaşdırılıb. İki ölkə sənədi yaxın aylarda imzalamağı planlaşdırır.",
    sentences = {
      "Sülh sazişinin mətni razılaşdırılıb.",
      "İki ölkə sənədi yaxın aylarda imzalamağı planlaşdırır.",
    },
    note = "ikinci cümlə İ hərfi ilə başlayır" },
  { id = "az-003",
    text = "Müzakirələr sərhəd, nəqliyyat, enerji və s. sahələri əhatə edib.",
    sentences = {
      "Müzakirələr sərhəd, nəqliyyat, enerji və s. sahələri əhatə edib.",
    },
    note = "\"və s.\" kiçik hərfdən əvvəl cümlənin içində" },
  { id = "az-004",
    text = "Bazarda qiymətlər artıb: çörək, ət, yağ və s. Hökumət qiymətlərə nəzarəti gücləndirəcəyini bildirib.",
    sentences = {
      "Bazarda qiymətlər artıb: çörək, ət, yağ və s.",
      "Hökumət qiymətlərə nəzarəti gücləndirəcəyini bildirib.",
    },
    note = "\"və s.\" cümlənin sonunda, sonra yeni cümlə" },
  { id = "az-005",
    text = "Görüş 13 mart 2025-ci il tarixində Bakıda keçirilib. Növbəti görüş aprel ayında olacaq.",
    sentences = {
      "Görüş 13 mart 2025-ci il tarixində Bakıda keçirilib.",
      "Növbəti görüş aprel ayında olacaq.",
    },
    note = "tarix: 13 mart 2025-ci il" },
  { id = "az-006",
    text = "Prezident İ. Əliyev və Baş nazir N. Paşinyan Abu-Dabidə görüşüblər.",
    sentences = {
      "Prezident İ. Əliyev və Baş nazir N. Paşinyan Abu-Dabidə görüşüblər.",
    },
    note = "inisiallar boşluqla: İ. Əliyev, N. Paşinyan" },
  { id = "az-007",
    text = "Bu barədə tarixçi M.Kərimov öz kitabında yazır.",
    sentences = {
      "Bu barədə tarixçi M.Kərimov öz kitabında yazır.",
    },
    note = "inisial boşluqsuz: M.Kərimov" },
  { id = "az-008",
    text = "Layihənin dəyəri 12 mln. manatdır. İxracın həcmi isə 2,5 mlrd. dollara çatıb.",
    sentences = {
      "Layihənin dəyəri 12 mln. manatdır.",
      "İxracın həcmi isə 2,5 mlrd. dollara çatıb.",
    },
    note = "mln. və mlrd. nöqtə ilə" },
  { id = "az-009",
    text = "Qala e.ə. IV əsrdə tikilib.",
    sentences = {
      "Qala e.ə. IV əsrdə tikilib.",
    },
    note = "e.ə. cümlənin içində" },
  { id = "az-010",
    text = "Bu ərazidə qədim dövlətlər mövcud olub. E.ə. IV əsrdə burada Albaniya yaranıb.",
    sentences = {
      "Bu ərazidə qədim dövlətlər mövcud olub.",
      "E.ə. IV əsrdə burada Albaniya yaranıb.",
    },
    note = "E.ə. yeni cümlənin əvvəlində" },
  { id = "az-011",
    text = "Nazir danışıqları «konstruktiv» adlandırıb. Növbəti raund Abu-Dabidə keçiriləcək.",
    sentences = {
      "Nazir danışıqları «konstruktiv» adlandırıb.",
      "Növbəti raund Abu-Dabidə keçiriləcək.",
    },
    note = "« » dırnaqdan sonra cümlə bitir" },
  { id = "az-012",
    text = "«Biz sülh sazişini imzalamağa hazırıq», – deyə nazir bildirib.",
    sentences = {
      "«Biz sülh sazişini imzalamağa hazırıq», – deyə nazir bildirib.",
    },
    note = "sitat və müəllif sözləri bir cümlədir" },
  { id = "az-013",
    text = "Saziş bu il imzalanacaqmı? Ekspertlər bu barədə fərqli fikirdədirlər.",
    sentences = {
      "Saziş bu il imzalanacaqmı?",
      "Ekspertlər bu barədə fərqli fikirdədirlər.",
    },
    note = "sual işarəsi cümləni bitirir" },
  { id = "az-014",
    text = "Bəyanatın tam mətni mfa.gov.az saytında dərc olunub. Sənəd 17 maddədən ibarətdir.",
    sentences = {
      "Bəyanatın tam mətni mfa.gov.az saytında dərc olunub.",
      "Sənəd 17 maddədən ibarətdir.",
    },
    note = "sayt ünvanı cümlənin içində" },
  { id = "az-015",
    text = "Bakı və İrəvan sülh sazişinin mətnini razılaşdırıb\n\nAzərbaycan Xarici İşlər Nazirliyi cümə axşamı bəyanat yayıb.",
    sentences = {
      "Bakı və İrəvan sülh sazişinin mətnini razılaşdırıb",
      "Azərbaycan Xarici İşlər Nazirliyi cümə axşamı bəyanat yayıb.",
    },
    note = "başlıq, boş sətir, abzas" },
  { id = "az-016",
    text = "Səfirlik Bakıda, Nizami küç. 25 ünvanında yerləşir.",
    sentences = {
      "Səfirlik Bakıda, Nizami küç. 25 ünvanında yerləşir.",
    },
    note = "küç. ünvanda" },
  { id = "az-017",
    text = "Konfransda prof. Elçin Məmmədov çıxış edib.",
    sentences = {
      "Konfransda prof. Elçin Məmmədov çıxış edib.",
    },
    note = "prof. addan əvvəl" },
  { id = "az-018",
    text = "İnflyasiya mart ayında 4,5% təşkil edib. Mərkəzi Bank uçot dərəcəsini dəyişməyib.",
    sentences = {
      "İnflyasiya mart ayında 4,5% təşkil edib.",
      "Mərkəzi Bank uçot dərəcəsini dəyişməyib.",
    },
    note = "onluq vergül və faiz" },
  { id = "az-019",
    text = "ABŞ və BMT bəyanatı alqışlayıb. Rusiya isə susub.",
    sentences = {
      "ABŞ və BMT bəyanatı alqışlayıb.",
      "Rusiya isə susub.",
    },
    note = "ABŞ və BMT abreviaturları nöqtəsiz" },
}
