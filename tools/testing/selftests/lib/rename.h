/*
 * Compile lib/ for the host under other names, so that the functions
 * under test do not collide with the C library's.
 */
#define memcpy lib_memcpy
#define memmove lib_memmove
#define memset lib_memset
#define memcmp lib_memcmp
#define strlen lib_strlen
#define strnlen lib_strnlen
#define strcmp lib_strcmp
#define strncmp lib_strncmp
#define strchr lib_strchr
#define strrchr lib_strrchr
#define strstr lib_strstr
#define strlcpy lib_strlcpy
#define strlcat lib_strlcat
#define strcspn lib_strcspn
#define vsnprintf lib_vsnprintf
#define snprintf lib_snprintf
