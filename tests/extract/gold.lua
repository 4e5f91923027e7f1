-- gold.lua: what each test article says, decided by reading it (not by running parley).
-- quotes: the quoted or reported text (a substring of the article) and who said it;
--         "..., according to X" reports X's words as "X said ..." does.
-- actors: the entities the story mentions (boilerplate excluded).
-- dates:  the values of the dates the story mentions, relative ones resolved
--         against the article's date (weekdays: the most recent on or before it).
return {
  ["01_serbia_kosovo.txt"] = {
    quotes = {
      { "We did not reach an agreement today", "lajcak" },
      { "Serbia is not ready to recognise our independence", "kurti" },
      { "Pristina had refused every compromise offered since March 2023", "vucic" },
      { "The two sides will meet again next month", "eu" },
    },
    actors = { "serbia", "kosovo", "eu", "lajcak", "kurti", "vucic" },
    dates = { "2024-06-19", "2023-03", "2024-07" },   -- 2024-06-20 is a Thursday
  },
  ["02_sudan.txt"] = {
    quotes = {
      { "This is a first step", "usa" },
      { "the talks would continue", "burhan" },
      { "it welcomed the declaration", "rsf" },
      { "More than 600 people have been killed since fighting broke out on 15 April", "who" },
    },
    actors = { "sudan", "rsf", "saudi_arabia", "usa", "jeddah", "who", "burhan" },
    dates = { "2023-05-11", "2023-04-15" },          -- 2023-05-12 is a Friday
  },
  ["03_armenia_ru.txt"] = {
    quotes = {
      { "Это важный шаг к миру", "pashinyan" },
      { "комиссии продолжат работу в мае", "mustafayev" },
      { "четыре села будут возвращены Азербайджану", "pashinyan" },
    },
    actors = { "armenia", "azerbaijan", "tavush", "mfa_armenia", "pashinyan", "mustafayev" },
    dates = { "2024-04-19", "2024-05" },             -- 2024-04-20 is a Saturday
  },
  ["04_colombia.txt"] = {
    quotes = {
      { "The war is over", "de_la_calle" },
      { "the accord would be put to a referendum on 2 October", "santos" },
      { "the most beautiful of all battles.", "marquez" },
    },
    actors = { "colombia", "farc", "havana", "de_la_calle", "santos", "marquez", "uribe" },
    dates = { "2016-08-24", "2016-10-02" },          -- 2016-08-25 is a Thursday
  },
  ["05_ethiopia.txt"] = {
    quotes = {
      { "This moment is not the end of the peace process but the beginning of it.", "obasanjo" },
      { "the deal would allow aid to reach Tigray", "redwan" },
      { "We have agreed to silence the guns", "redwan" },
      { "painful concessions had been made", "getachew" },
    },
    actors = { "ethiopia", "tplf", "pretoria", "au", "obasanjo", "redwan", "getachew", "tigray" },
    dates = { "2022-11-02" },                        -- 2022-11-03 is a Thursday
  },
}
