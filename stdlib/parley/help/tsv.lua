-- help/tsv.lua: help entries for parley.tsv (see parley/help.lua for the format).
return {
  order = 75,
  title = "parley.tsv",
  module = "parley.tsv",
  intro = [==[
The data files in `data/` (docs/data.md), found on the data path (`PARLEY_PATH`, then the parley home).]==],
  entries = {
    {
      name = "parley.tsv.load",
      signature = "tsv.load(name) -> rows",
      summary = "the rows of data file `name`, found on the data path",
    },
    {
      name = "parley.tsv.read",
      signature = "tsv.read(path) -> rows",
      summary = "the rows of a tab-separated file",
    },
    {
      name = "parley.tsv.find",
      signature = "tsv.find(name) -> path | nil",
      summary = "where data file `name` is",
      example = [==[
parley.tsv.find("stopwords/en.txt") ~= nil  --> true]==],
    },
    {
      name = "parley.tsv.data_dirs",
      signature = "tsv.data_dirs() -> array",
      summary = "the data directories, in the order they are searched",
    },
    {
      name = "parley.tsv.extra", kind = "value",
      signature = "tsv.extra",
      summary = "more data directories to search, added by scripts",
    },
  },
}
