import { requirePageUser } from "@/server/http/page-guard";
import { getRuntime } from "@/server/runtime";
import { listUsers } from "@/server/users/list-users";

export const dynamic = "force-dynamic";

export default async function AdminUsersPage() {
  await requirePageUser(["ADMIN"], "/admin");
  const users = await listUsers(getRuntime().db);
  return (
    <section className="card">
      <h1>Users</h1>
      <table>
        <thead>
          <tr>
            <th>Name</th>
            <th>Email</th>
            <th>Role</th>
            <th>Status</th>
          </tr>
        </thead>
        <tbody>
          {users.map((u) => (
            <tr key={u.id}>
              <td>{u.displayName}</td>
              <td>{u.email}</td>
              <td>{u.role.toLowerCase()}</td>
              <td>{u.disabled ? "disabled" : "active"}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
