/* test_delimited.c: TSV and RFC 4180 CSV records, comments, CRLF, quotes across lines. */
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "delimited.h"
#include "parley.h"

/* Every record of s as "f1|f2;f1|f2@line;...", or "ERR<code>@line" where reading stopped. */
static const char *records(const char *s, int csv)
{
    static char out[1024];
    delim_reader r;
    int rc;
    out[0] = '\0';
    delim_init(&r, s, strlen(s), csv);
    while ((rc = delim_next(&r)) == 1) {
        for (size_t i = 0; i < r.nfields; i++) {
            size_t len;
            const char *f = delim_field(&r, i, &len);
            snprintf(out + strlen(out), sizeof out - strlen(out), "%s%.*s", i ? "|" : "", (int)len, f);
        }
        snprintf(out + strlen(out), sizeof out - strlen(out), "@%zu;", r.line);
    }
    if (rc < 0)
        snprintf(out + strlen(out), sizeof out - strlen(out), "ERR%d@%zu", rc, r.line);
    delim_free(&r);
    return out;
}

#define EXPECT(s, csv, want)                                                                      \
    check(strcmp(records(s, csv), want) == 0, "%s: got \"%s\", want \"%s\"", #s, records(s, csv), want)

int main(void)
{
    EXPECT("alias\tlabel\tid\nArmenia\tGPE\tarmenia\n", 0, "alias|label|id@1;Armenia|GPE|armenia@2;");
    EXPECT("# comment\n\nalias\tid\r\nBaku\t\r\n", 0, "alias|id@3;Baku|@4;");
    EXPECT("a\t\"b\"\n", 0, "a|\"b\"@1;");                       /* TSV keeps quotes */
    EXPECT("x\ty", 0, "x|y@1;");                                 /* no final newline */
    EXPECT("\xEF\xBB\xBF" "alias\n", 0, "alias@1;");             /* a byte order mark */
    EXPECT("alias,label\n\"Baku, city\",CAPITAL\n", 1, "alias|label@1;Baku, city|CAPITAL@2;");
    EXPECT("\"He said \"\"yes\"\"\",x\n", 1, "He said \"yes\"|x@1;");
    EXPECT("\"two\nlines\",b\nc,d\n", 1, "two\nlines|b@1;c|d@3;");
    EXPECT("a,,b,\n", 1, "a||b|@1;");
    EXPECT("\"#not a comment\"\n", 1, "#not a comment@1;");
    EXPECT("ok\n\"open,b\n", 1, "ok@1;ERR-13@2");
    EXPECT("\"a\"b,c\n", 1, "ERR-13@1");
    EXPECT("", 1, "");
    check(strcmp(parley_errmsg(PARLEY_EFORMAT), "malformed record") == 0, "the message");
    return check_report("delimited");
}
