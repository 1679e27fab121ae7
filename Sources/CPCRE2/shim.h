// The system PCRE2 (8-bit code units), for the plugin tester's Python regexes (HaloSIDMap's PythonRegex).
// Declared here rather than from <pcre2.h>, which only its -dev package installs: the functions and
// constants of PCRE2's stable API (pcre2api(3)) that the tester calls, linked against the runtime library
// every Debian has (libpcre2-8-0, which grep depends on).
#include <stddef.h>
#include <stdint.h>

typedef struct pcre2_real_code_8 pcre2_code_8;
typedef struct pcre2_real_match_data_8 pcre2_match_data_8;

#define PCRE2_CASELESS 0x00000008u
#define PCRE2_UCP 0x00020000u
#define PCRE2_UTF 0x00080000u
#define PCRE2_INFO_CAPTURECOUNT 4
#define PCRE2_ERROR_NOMATCH (-1)

pcre2_code_8 *pcre2_compile_8(const uint8_t *pattern, size_t length, uint32_t options, int *errorcode,
                              size_t *erroroffset, void *ccontext);
void pcre2_code_free_8(pcre2_code_8 *code);
int pcre2_pattern_info_8(const pcre2_code_8 *code, uint32_t what, void *where);
int pcre2_get_error_message_8(int errorcode, uint8_t *buffer, size_t bufflen);
pcre2_match_data_8 *pcre2_match_data_create_from_pattern_8(const pcre2_code_8 *code, void *gcontext);
void pcre2_match_data_free_8(pcre2_match_data_8 *match_data);
int pcre2_match_8(const pcre2_code_8 *code, const uint8_t *subject, size_t length, size_t startoffset,
                  uint32_t options, pcre2_match_data_8 *match_data, void *mcontext);
size_t *pcre2_get_ovector_pointer_8(pcre2_match_data_8 *match_data);
