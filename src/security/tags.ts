/** Tags on every taggable resource of a construct tree (SecurityModule's `tags`). */
import { Construct } from 'constructs';
import { TerraformResource } from 'cdktf';

/**
 * Set `tags` on every resource under `scope` whose type takes tags (the generated bindings
 * have a `tags` attribute exactly then), keeping any tag a resource sets itself.
 */
export function tagResources(scope: Construct, tags: Readonly<Record<string, string>>): void {
  for (const node of scope.node.findAll()) {
    if (!TerraformResource.isTerraformResource(node) || !('tagsInput' in node)) continue;
    // `tags` reads back as a Terraform reference; `tagsInput` is what was set.
    const taggable = node as TerraformResource & { tags: Record<string, string>; readonly tagsInput?: Record<string, string> };
    taggable.tags = { ...tags, ...(taggable.tagsInput ?? {}) };
  }
}
