/**
 * The two catalogs, each the union of the message files in messages/ (one file per area of the
 * app, each with its English and Chinese halves side by side). A new area: add its file here in
 * both lists; test/i18n/catalog.test.ts checks that none is forgotten.
 */
import type { Catalog } from './keys.ts';
import * as actions from './messages/actions.ts';
import * as address from './messages/address.ts';
import * as cli from './messages/cli.ts';
import * as common from './messages/common.ts';
import * as data from './messages/data.ts';
import * as desktop from './messages/desktop.ts';
import * as error from './messages/error.ts';
import * as files from './messages/files.ts';
import * as host from './messages/host.ts';
import * as join from './messages/join.ts';
import * as nav from './messages/nav.ts';
import * as nearby from './messages/nearby.ts';
import * as notify from './messages/notify.ts';
import * as people from './messages/people.ts';
import * as reach from './messages/reach.ts';
import * as room from './messages/room.ts';
import * as search from './messages/search.ts';
import * as settings from './messages/settings.ts';
import * as status from './messages/status.ts';
import * as time from './messages/time.ts';
import * as tls from './messages/tls.ts';
import * as usage from './messages/usage.ts';
import * as why from './messages/why.ts';

/** English: the source language, and the reference for every key and placeholder. */
export const en = {
  ...actions.en,
  ...address.en,
  ...cli.en,
  ...common.en,
  ...data.en,
  ...desktop.en,
  ...error.en,
  ...files.en,
  ...host.en,
  ...join.en,
  ...nav.en,
  ...nearby.en,
  ...notify.en,
  ...people.en,
  ...reach.en,
  ...room.en,
  ...search.en,
  ...settings.en,
  ...status.en,
  ...time.en,
  ...tls.en,
  ...usage.en,
  ...why.en,
} as const;

/** Simplified Chinese. */
export const zhCN: Catalog = {
  ...actions.zhCN,
  ...address.zhCN,
  ...cli.zhCN,
  ...common.zhCN,
  ...data.zhCN,
  ...desktop.zhCN,
  ...error.zhCN,
  ...files.zhCN,
  ...host.zhCN,
  ...join.zhCN,
  ...nav.zhCN,
  ...nearby.zhCN,
  ...notify.zhCN,
  ...people.zhCN,
  ...reach.zhCN,
  ...room.zhCN,
  ...search.zhCN,
  ...settings.zhCN,
  ...status.zhCN,
  ...time.zhCN,
  ...tls.zhCN,
  ...usage.zhCN,
  ...why.zhCN,
};
