// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The zonesec binary itself (path in $ZONESEC_BIN): exit statuses, and
 * the exact words a user sees on stderr.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "libzonesec.h"

#define NOT_LOADED \
	"zonesec: the zonesec kernel module is not loaded (no generic netlink family \"zonesec\"); load it with 'modprobe zonesec' or 'insmod zonesec.ko'\n"

struct run {
	int status;		/* exit status, or -1 if it did not exit */
	char out[8192];
	char err[8192];
};

static void slurp(FILE *f, char *buf, size_t size)
{
	size_t n;

	rewind(f);
	n = fread(buf, 1, size - 1, f);
	buf[n] = '\0';
	fclose(f);
}

/* Run zonesec with argv (NULL-terminated, without argv[0]). */
static int run_cli(struct run *r, const char *const *args)
{
	const char *bin = getenv("ZONESEC_BIN");
	const char *argv[16] = { "zonesec" };
	FILE *out = tmpfile(), *err = tmpfile();
	int status;
	pid_t pid;

	if (!bin || !out || !err)
		return -1;
	for (size_t i = 0; i < 14 && args[i]; i++)
		argv[i + 1] = args[i];
	pid = fork();
	if (pid == 0) {
		dup2(fileno(out), STDOUT_FILENO);
		dup2(fileno(err), STDERR_FILENO);
		execv(bin, (char *const *)argv);
		_exit(127);
	}
	if (pid < 0 || waitpid(pid, &status, 0) != pid)
		return -1;
	r->status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
	slurp(out, r->out, sizeof(r->out));
	slurp(err, r->err, sizeof(r->err));
	return 0;
}

#define RUN(r, ...) \
	ASSERT_EQ(0, run_cli(r, (const char *const[]){ __VA_ARGS__, NULL })) \
		TH_LOG("cannot run $ZONESEC_BIN")

static bool starts_with(const char *s, const char *prefix)
{
	return !strncmp(s, prefix, strlen(prefix));
}

/* True when this host has no zonesec family, as on the build host. */
static bool module_absent(void)
{
	struct zs_sock *sock;
	struct zs_error err;

	if (zs_sock_open(&sock, &err) == 0) {
		zs_sock_close(sock);
		return false;
	}
	return err.code == -ZS_ERR_NOFAMILY;
}

TEST(unknown_command_is_usage_error)
{
	struct run r;

	RUN(&r, "frobnicate");
	EXPECT_EQ(2, r.status);
	EXPECT_TRUE(starts_with(r.err,
		"zonesec: unknown command 'frobnicate'\nUsage: zonesec"));
	EXPECT_STREQ("", r.out);
}

TEST(netns_without_argument_is_usage_error)
{
	struct run r;

	RUN(&r, "-n");
	EXPECT_EQ(2, r.status);
	EXPECT_STREQ("zonesec: option '-n' needs a network namespace name\n",
		     r.err);
}

TEST(unknown_option_is_quoted)
{
	struct run r;

	RUN(&r, "-j", "--frob", "info");
	EXPECT_EQ(2, r.status);
	EXPECT_TRUE(starts_with(r.err, "zonesec: unknown option '--frob'\n"));
}

TEST(extra_argument_is_quoted)
{
	struct run r;

	RUN(&r, "info", "now");
	EXPECT_EQ(2, r.status);
	EXPECT_TRUE(starts_with(r.err,
		"zonesec: info: unexpected argument 'now'\n"));
}

TEST(help_and_version)
{
	struct run r;

	RUN(&r, "--help");
	EXPECT_EQ(0, r.status);
	EXPECT_TRUE(starts_with(r.out, "Usage: zonesec "));
	EXPECT_STREQ("", r.err);

	RUN(&r, "help", "info");
	EXPECT_EQ(0, r.status);
	EXPECT_TRUE(starts_with(r.out, "Usage: zonesec [-j] [-n NETNS] info"));

	RUN(&r, "help", "frobnicate");
	EXPECT_EQ(2, r.status);
	EXPECT_TRUE(starts_with(r.err,
		"zonesec: help: unknown command 'frobnicate'\n"));

	RUN(&r, "-V");
	EXPECT_EQ(0, r.status);
	EXPECT_TRUE(starts_with(r.out, "zonesec "));
	EXPECT_NE(NULL, strstr(r.out, "netlink ABI version 1"));
}

TEST(info_without_module_says_so)
{
	const char *const *cases[] = {
		(const char *const[]){ "info", NULL },
		(const char *const[]){ "-j", "info", NULL },
		(const char *const[]){ NULL },		/* default command */
	};
	struct run r;

	if (!module_absent())
		SKIP(return, "the zonesec family exists on this host");
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		ASSERT_EQ(0, run_cli(&r, cases[i]));
		EXPECT_EQ(1, r.status);
		EXPECT_STREQ(NOT_LOADED, r.err);
		EXPECT_STREQ("", r.out);
	}
}

TEST(missing_netns_is_error)
{
	struct run r;

	RUN(&r, "-n", "zs-test-no-such-netns", "info");
	EXPECT_EQ(1, r.status);
	EXPECT_STREQ("zonesec: cannot open network namespace 'zs-test-no-such-netns': No such file or directory\n",
		     r.err);
}

/* -n really enters the namespace before the socket is opened. */
TEST(netns_is_entered)
{
	char cmd[128], name[32], arg[48];
	struct run r;

	if (geteuid() != 0 || system("command -v ip >/dev/null") != 0)
		SKIP(return, "needs root and ip(8)");
	if (!module_absent())
		SKIP(return, "the zonesec family exists on this host");
	snprintf(name, sizeof(name), "zs-test-%d", (int)getpid());
	snprintf(cmd, sizeof(cmd), "ip netns add %s", name);
	ASSERT_EQ(0, system(cmd));

	snprintf(arg, sizeof(arg), "--netns=%s", name);
	RUN(&r, arg, "info");
	snprintf(cmd, sizeof(cmd), "ip netns del %s", name);
	EXPECT_EQ(0, system(cmd));
	EXPECT_EQ(1, r.status);
	/* past setns(), the family lookup ran in there */
	EXPECT_STREQ(NOT_LOADED, r.err);
}

TEST_HARNESS_MAIN
