#ifndef CSPAWN_H
#define CSPAWN_H
#include <spawn.h>

/// glibc's GNU extensions to posix_spawn, which Swift's Glibc module does not expose.
int cspawn_addclosefrom(posix_spawn_file_actions_t *actions, int from);
int cspawn_addchdir(posix_spawn_file_actions_t *actions, const char *path);
int cspawn_mkostemp_cloexec(char *template_);

#endif
