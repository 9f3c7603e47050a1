/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The zone firewall's entries of the family's op table, included inside
 * zs_nl_ops[] (netlink.c) so that the firewall's ops live next to the
 * firewall and the table stays one array.
 *
 * Every firewall operation, reads included, needs CAP_NET_ADMIN in the
 * namespace's user namespace, as nftables' do: a rule set tells what a
 * network lets through.
 */
	{
		.cmd		= ZONESEC_CMD_ZONE_NEW,
		.doit		= zs_nl_zone_new_doit,
		.policy		= zs_nl_fw_policy,
		.maxattr	= ZONESEC_A_MAX,
		.flags		= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd		= ZONESEC_CMD_ZONE_DEL,
		.doit		= zs_nl_zone_del_doit,
		.policy		= zs_nl_fw_policy,
		.maxattr	= ZONESEC_A_MAX,
		.flags		= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd		= ZONESEC_CMD_ZONE_GET,
		.doit		= zs_nl_zone_get_doit,
		.dumpit		= zs_nl_zone_get_dumpit,
		.policy		= zs_nl_fw_policy,
		.maxattr	= ZONESEC_A_MAX,
		.flags		= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd		= ZONESEC_CMD_ZONE_POLICY_SET,
		.doit		= zs_nl_zone_policy_set_doit,
		.policy		= zs_nl_fw_policy,
		.maxattr	= ZONESEC_A_MAX,
		.flags		= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd		= ZONESEC_CMD_RULE_NEW,
		.doit		= zs_nl_rule_new_doit,
		.policy		= zs_nl_fw_policy,
		.maxattr	= ZONESEC_A_MAX,
		.flags		= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd		= ZONESEC_CMD_RULE_DEL,
		.doit		= zs_nl_rule_del_doit,
		.policy		= zs_nl_fw_policy,
		.maxattr	= ZONESEC_A_MAX,
		.flags		= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd		= ZONESEC_CMD_RULE_GET,
		.dumpit		= zs_nl_rule_get_dumpit,
		.policy		= zs_nl_fw_policy,
		.maxattr	= ZONESEC_A_MAX,
		.flags		= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd		= ZONESEC_CMD_FW_LOAD,
		.doit		= zs_nl_fw_load_doit,
		.policy		= zs_nl_fw_policy,
		.maxattr	= ZONESEC_A_MAX,
		.flags		= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd		= ZONESEC_CMD_FW_GET,
		.doit		= zs_nl_fw_get_doit,
		.policy		= zs_nl_fw_policy,
		.maxattr	= ZONESEC_A_MAX,
		.flags		= GENL_UNS_ADMIN_PERM,
	},
