/** Files: attaching, uploading, showing and viewing them. */
import type { ChineseOf } from '../keys.ts';

export const en = {
  'files.attach': 'Attach files',
  'files.caption': 'Add a caption (optional)',
} as const;

export const zhCN: ChineseOf<typeof en> = {
  'files.attach': '添加文件',
  'files.caption': '添加说明（可选）',
};
