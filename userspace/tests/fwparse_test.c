// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The zone firewall's file format and words, through `zonesec fw check`
 * and the rule commands' own checks (no kernel needed): a good file
 * passes, every kind of bad line is refused with FILE:LINE and a reason
 * that quotes the offending word.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "kselftest_harness.h"

struct run {
	int status;
	char err[1024];
};

/* zonesec fw check on a file holding @text. */
static int check_text(struct run *r, const char *text)
{
	char path[] = "/tmp/zs-fwparse-XXXXXX";
	const char *bin = getenv("ZONESEC_BIN");
	FILE *err = tmpfile();
	int fd = mkstemp(path), status;
	size_t n;
	pid_t pid;

	if (!bin || !err || fd < 0 ||
	    write(fd, text, strlen(text)) != (ssize_t)strlen(text))
		return -1;
	close(fd);
	pid = fork();
	if (pid == 0) {
		dup2(fileno(err), STDERR_FILENO);
		execl(bin, "zonesec", "fw", "check", path, (char *)NULL);
		_exit(127);
	}
	if (pid < 0 || waitpid(pid, &status, 0) != pid)
		return -1;
	unlink(path);
	r->status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
	rewind(err);
	n = fread(r->err, 1, sizeof(r->err) - 1, err);
	r->err[n] = '\0';
	fclose(err);
	/* drop the temporary path: "PATH:LINE: reason" -> "LINE: reason" */
	if (!strncmp(r->err, path, strlen(path)) && r->err[strlen(path)] == ':')
		memmove(r->err, r->err + strlen(path) + 1,
			strlen(r->err + strlen(path) + 1) + 1);
	return 0;
}

#define ZONES "zone add wan dev wan0\nzone add lan dev lan0 prefix 10.0.0.0/8\n"

#define REFUSED(text, msg) do {						\
	struct run r;							\
	ASSERT_EQ(0, check_text(&r, text));				\
	EXPECT_EQ(1, r.status);						\
	EXPECT_STREQ(msg "\n", r.err);					\
} while (0)

TEST(good_file)
{
	struct run r;

	ASSERT_EQ(0, check_text(&r, "# comment\n\n" ZONES
		"zone add dmz dev dmz0 prefix 2001:db8:d::/64  # trailing\n"
		"zone add vpn ipsec reqid 7 ipsec\n"
		"zone add vpn2 ipsec reqid 8 dev tun0\n"
		"rule add from vpn to lan action accept\n"
		"zone policy from wan to lan drop\n"
		"zone policy from self to wan accept\n"
		"rule add from wan to dmz proto tcp dport 25 action accept\n"
		"rule add from wan to dmz proto udp sport 1000-2000 dport 53 action drop log\n"
		"rule add from wan to self proto icmp icmp-type 8 action accept\n"
		"rule add from lan to wan src 10.1.0.0/16 dst 192.0.2.0/24 action reject\n"
		"rule add from lan to wan proto 47 action accept\n"));
	EXPECT_EQ(0, r.status);
	EXPECT_STREQ("", r.err);
}

TEST(unknown_zone)
{
	REFUSED(ZONES "rule add from wan to mars action accept\n",
		"3: unknown zone 'mars'");
}

TEST(zone_defined_twice)
{
	REFUSED(ZONES "zone add wan dev wan1\n",
		"3: zone 'wan' is defined twice");
}

TEST(overlapping_prefixes)
{
	REFUSED(ZONES "zone add dmz prefix 10.1.0.0/16\n",
		"3: prefix of zone 'dmz' overlaps a prefix of another zone");
}

TEST(interface_in_two_zones)
{
	REFUSED(ZONES "zone add dmz dev lan0\n",
		"3: interface 'lan0' is in another zone already");
}

TEST(malformed_prefix)
{
	REFUSED("zone add a prefix 10.0.0.1/8\n",
		"1: malformed prefix '10.0.0.1/8': host bits set");
	REFUSED("zone add a prefix 10.0.0.0/33\n",
		"1: malformed prefix '10.0.0.0/33': bad length");
	REFUSED("zone add a prefix 10.0.0/8\n", "1: malformed prefix '10.0.0/8'");
}

TEST(port_range_upside_down)
{
	REFUSED(ZONES "rule add from wan to lan proto tcp dport 30-20 action accept\n",
		"3: port range '30-20' upside down");
}

TEST(ports_need_a_protocol)
{
	REFUSED(ZONES "rule add from wan to lan dport 22 action accept\n",
		"3: ports need proto tcp, udp, sctp or udplite");
}

TEST(unknown_protocol)
{
	REFUSED(ZONES "rule add from wan to lan proto bogus action accept\n",
		"3: unknown protocol 'bogus'");
}

TEST(unknown_action)
{
	REFUSED(ZONES "rule add from wan to lan action allow\n",
		"3: unknown action 'allow' (accept, drop, reject)");
}

TEST(missing_action)
{
	REFUSED(ZONES "rule add from wan to lan proto tcp\n",
		"3: a rule needs 'action accept|drop|reject'");
}

TEST(unknown_word)
{
	REFUSED("zone add a dev x0\nfrobnicate\n",
		"2: unknown command 'frobnicate' (zone, rule)");
	REFUSED("zone add a colour blue\n", "1: unknown zone option 'colour'");
}

TEST(self_is_built_in)
{
	REFUSED("zone add self dev x0\n", "1: zone 'self' is built in");
}

TEST(icmp_type_needs_icmp)
{
	REFUSED(ZONES "rule add from wan to lan proto tcp icmp-type 8 action accept\n",
		"3: icmp-type needs proto icmp or icmpv6");
}

TEST(ipsec_members)
{
	REFUSED("zone add a ipsec\nzone add b ipsec\n",
		"2: ipsec member of zone 'b' is in another zone already");
	REFUSED("zone add a ipsec reqid 3\nzone add b dev x0 ipsec reqid 3\n",
		"2: ipsec member of zone 'b' is in another zone already");
	REFUSED("zone add a ipsec reqid 3 ipsec reqid 3\n",
		"1: ipsec member '3' given twice");
	REFUSED("zone add a ipsec reqid 0\n",
		"1: malformed reqid '0' (1-4294967295; 'ipsec' alone: any SA)");
	REFUSED("zone add a ipsec reqid\n", "1: 'reqid' needs a value");
}

TEST_HARNESS_MAIN
