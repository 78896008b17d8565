/* SPDX-License-Identifier: GPL-2.0 */
/*
 * spatch --macro-file for the walker audit: statement macros that
 * coccinelle 1.1.1 cannot parse. Without them spatch drops the whole
 * function (mm/vmalloc.c vmap_try_huge_pmd() on 7.3).
 */
#define scoped_guard(_name, args...) for (;;)
#define scoped_cond_guard(_name, _fail, args...) for (;;)
