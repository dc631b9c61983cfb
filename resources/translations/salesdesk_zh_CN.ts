<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>ActualsPage</name>
    <message>
        <source>Actuals</source>
        <translation>实绩</translation>
    </message>
    <message>
        <source> (year)</source>
        <translation> 年</translation>
    </message>
    <message>
        <source>Nothing imported yet. Use Import… to bring in a sales ledger, receipts, targets, manual metrics or staff from Excel.</source>
        <translation>尚未导入任何数据。点击“导入…”从 Excel 导入销售明细、回款、目标、手工指标或人员。</translation>
    </message>
    <message>
        <source>Import history</source>
        <translation>导入记录</translation>
    </message>
    <message>
        <source>Metric</source>
        <translation>指标</translation>
    </message>
    <message>
        <source>Manual metrics</source>
        <translation>手工指标</translation>
    </message>
    <message>
        <source>Metric view</source>
        <translation>指标查看</translation>
    </message>
    <message>
        <source>Import…</source>
        <translation>导入…</translation>
    </message>
    <message>
        <source>Import a sales ledger, receipts, targets, manual metrics or staff</source>
        <translation>导入销售明细、回款、目标、手工指标或人员</translation>
    </message>
    <message>
        <source>Sales ledger…</source>
        <translation>销售明细…</translation>
    </message>
    <message>
        <source>Receipts…</source>
        <translation>回款…</translation>
    </message>
    <message>
        <source>Targets…</source>
        <translation>目标…</translation>
    </message>
    <message>
        <source>Manual metrics…</source>
        <translation>手工指标…</translation>
    </message>
    <message>
        <source>Staff…</source>
        <translation>人员…</translation>
    </message>
    <message>
        <source>Undo import</source>
        <translation>撤销导入</translation>
    </message>
    <message>
        <source>Take back the selected import: remove what it added, restore what it replaced</source>
        <translation>撤销所选的导入：删除其新增的数据，恢复其替换的数据</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>导入</translation>
    </message>
    <message>
        <source>What does the file hold?</source>
        <translation>文件中是什么数据？</translation>
    </message>
    <message>
        <source>Import {kind}</source>
        <translation>导入{kind}</translation>
    </message>
    <message>
        <source>Workbooks ({patterns})</source>
        <translation>工作簿 ({patterns})</translation>
    </message>
    <message>
        <source>Checking {file}…</source>
        <translation>正在检查 {file}…</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>新增</translation>
    </message>
    <message>
        <source>Replace</source>
        <translation>替换</translation>
    </message>
    <message>
        <source>Skip (no change)</source>
        <translation>跳过（无变化）</translation>
    </message>
    <message>
        <source>to add</source>
        <translation>条待新增</translation>
    </message>
    <message>
        <source>to replace</source>
        <translation>条待替换</translation>
    </message>
    <message>
        <source>unchanged, skipped</source>
        <translation>条无变化，跳过</translation>
    </message>
    <message>
        <source>to create</source>
        <translation>项待创建</translation>
    </message>
    <message>
        <source>Row</source>
        <translation>行</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <source>What</source>
        <translation>对象</translation>
    </message>
    <message>
        <source>Changes</source>
        <translation>变更</translation>
    </message>
    <message>
        <source>Imported {n} rows</source>
        <translation>已导入 {n} 行</translation>
    </message>
    <message>
        <source>Import cancelled; nothing was written</source>
        <translation>已取消导入，未写入任何数据</translation>
    </message>
    <message>
        <source>Importing {file}…</source>
        <translation>正在导入 {file}…</translation>
    </message>
    <message>
        <source>Choose an import in the list first</source>
        <translation>请先在列表中选择一次导入</translation>
    </message>
    <message>
        <source>Undo the import of {file} ({kind}, {time})?

What it added is removed and what it replaced is put back.</source>
        <translation>撤销 {file}（{kind}，{time}）的导入吗？

该次导入新增的数据将被删除，替换的数据将被恢复。</translation>
    </message>
    <message>
        <source>Import undone: {removed} rows removed, {restored} restored</source>
        <translation>已撤销导入：删除 {removed} 行，恢复 {restored} 行</translation>
    </message>
    <message>
        <source>Undoing the import of {file}…</source>
        <translation>正在撤销 {file} 的导入…</translation>
    </message>
    <message>
        <source>Reading {metric} for {year}…</source>
        <translation>正在读取 {year} 年的{metric}…</translation>
    </message>
    <message>
        <source>Values: {allowed}</source>
        <translation>可填：{allowed}</translation>
    </message>
    <message>
        <source>Double-click a value to see the lines behind it</source>
        <translation>双击数值可查看其明细</translation>
    </message>
    <message>
        <source>Computing…</source>
        <translation>正在计算…</translation>
    </message>
    <message>
        <source>Computing {metric} for {year}…</source>
        <translation>正在计算 {year} 年的{metric}…</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source>{metric} of {subject} {name} in {period}</source>
        <translation>{subject} {name} 在 {period} 的{metric}</translation>
    </message>
    <message>
        <source>Lines behind the value</source>
        <translation>数值明细</translation>
    </message>
</context>
<context>
    <name>AddStaffDialog</name>
    <message>
        <source>Add person</source>
        <translation>添加人员</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>工号</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>角色</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>部门</translation>
    </message>
    <message>
        <source>Manager</source>
        <translation>上级</translation>
    </message>
    <message>
        <source>Hire date</source>
        <translation>入职日期</translation>
    </message>
    <message>
        <source>Pay base</source>
        <translation>绩效工资基数</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>添加</translation>
    </message>
    <message>
        <source>unit is required</source>
        <translation>部门必填</translation>
    </message>
    <message>
        <source>an existing unit</source>
        <translation>已有的部门</translation>
    </message>
    <message>
        <source>no such staff member: {v}</source>
        <translation>没有这名人员：{v}</translation>
    </message>
    <message>
        <source>pick a person from the list, or leave empty</source>
        <translation>从列表中选一人，或留空</translation>
    </message>
</context>
<context>
    <name>AdjustmentKinds</name>
    <message>
        <source>Bonus</source>
        <translation>加分</translation>
    </message>
    <message>
        <source>Deduction</source>
        <translation>扣分</translation>
    </message>
    <message>
        <source>Veto</source>
        <translation>一票否决</translation>
    </message>
</context>
<context>
    <name>AdjustmentsModel</name>
    <message>
        <source>Code</source>
        <translation>工号</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Points</source>
        <translation>分值</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>理由</translation>
    </message>
    <message>
        <source>Entered</source>
        <translation>录入日期</translation>
    </message>
    <message>
        <source>A veto carries no points: the total becomes 0</source>
        <translation>一票否决不带分值：总分直接为 0</translation>
    </message>
    <message>
        <source>Edit {label}</source>
        <translation>修改 {label}</translation>
    </message>
    <message>
        <source>adjustment</source>
        <translation>加扣分</translation>
    </message>
    <message>
        <source>an adjustment needs its kind</source>
        <translation>加扣分须填写类型</translation>
    </message>
    <message>
        <source>bonus, deduction or veto</source>
        <translation>加分、扣分或一票否决</translation>
    </message>
    <message>
        <source>a bonus or a deduction needs its points</source>
        <translation>加分或扣分须填写分值</translation>
    </message>
    <message>
        <source>points above 0, at most 2 decimals</source>
        <translation>大于 0 的分值，最多两位小数</translation>
    </message>
    <message>
        <source>choose a cycle first</source>
        <translation>请先选择考核周期</translation>
    </message>
    <message>
        <source>Add {kind} for {code}</source>
        <translation>为 {code} 添加{kind}</translation>
    </message>
    <message>
        <source>Delete {n} adjustment(s)</source>
        <translation>删除 {n} 条加扣分</translation>
    </message>
</context>
<context>
    <name>AdjustmentsTab</name>
    <message>
        <source>Points</source>
        <translation>分值</translation>
    </message>
    <message>
        <source>Reason (required)</source>
        <translation>理由（必填）</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>添加</translation>
    </message>
    <message>
        <source>Delete adjustment</source>
        <translation>删除加扣分</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>显示</translation>
    </message>
    <message>
        <source>Add a bonus, deduction or veto</source>
        <translation>添加加分、扣分或一票否决</translation>
    </message>
    <message>
        <source>Person:</source>
        <translation>人员：</translation>
    </message>
    <message>
        <source>Kind:</source>
        <translation>类型：</translation>
    </message>
    <message>
        <source>Points:</source>
        <translation>分值：</translation>
    </message>
    <message>
        <source>Reason:</source>
        <translation>理由：</translation>
    </message>
    <message>
        <source>Reading adjustments</source>
        <translation>读取加扣分</translation>
    </message>
    <message>
        <source>All people</source>
        <translation>全部人员</translation>
    </message>
    <message>
        <source>Adjustments can be changed while the cycle is a draft, open or in calibration; this cycle is {state}.</source>
        <translation>加扣分只能在考核周期为草稿、进行中或校准状态时修改；本周期为{state}状态。</translation>
    </message>
    <message>
        <source>A veto carries no points: the total becomes 0 and the grade the lowest</source>
        <translation>一票否决不带分值：总分为 0，等级为最低</translation>
    </message>
    <message>
        <source>Points above 0, at most 2 decimals</source>
        <translation>大于 0 的分值，最多两位小数</translation>
    </message>
    <message>
        <source>No cycle selected.</source>
        <translation>未选择考核周期。</translation>
    </message>
    <message>
        <source>Reading adjustments…</source>
        <translation>正在读取加扣分…</translation>
    </message>
    <message>
        <source>{bonus} bonus(es), {deduction} deduction(s), {veto} veto(es)</source>
        <translation>加分 {bonus} 条，扣分 {deduction} 条，一票否决 {veto} 条</translation>
    </message>
    <message>
        <source>bonus cap {cap} points per person</source>
        <translation>每人加分上限 {cap} 分</translation>
    </message>
    <message>
        <source>{code}: bonus entered {claimed} (cap {cap})</source>
        <translation>{code}：已录加分 {claimed}（上限 {cap}）</translation>
    </message>
    <message>
        <source>counted in the results {bonus}</source>
        <translation>结果中计入加分 {bonus}</translation>
    </message>
    <message>
        <source>scoring…</source>
        <translation>计分中…</translation>
    </message>
    <message>
        <source>deductions {points}</source>
        <translation>扣分 {points}</translation>
    </message>
    <message>
        <source>VETO: the total is 0</source>
        <translation>一票否决：总分为 0</translation>
    </message>
    <message>
        <source>{over} over the cap do not count</source>
        <translation>超出上限的 {over} 分不计入</translation>
    </message>
    <message>
        <source>Choose a participant of the cycle</source>
        <translation>请选择本考核周期的考核对象</translation>
    </message>
    <message>
        <source>{kind} for {code} {name}: {reason}</source>
        <translation>{code} {name} {kind}：{reason}</translation>
    </message>
    <message>
        <source>Deleted {n} adjustment(s)</source>
        <translation>已删除 {n} 条加扣分</translation>
    </message>
</context>
<context>
    <name>AppealOutcomes</name>
    <message>
        <source>Pending</source>
        <translation>待处理</translation>
    </message>
    <message>
        <source>Upheld</source>
        <translation>成立</translation>
    </message>
    <message>
        <source>Rejected</source>
        <translation>驳回</translation>
    </message>
</context>
<context>
    <name>AppealsModel</name>
    <message>
        <source>Person</source>
        <translation>申诉人</translation>
    </message>
    <message>
        <source>Filed on</source>
        <translation>申诉日期</translation>
    </message>
    <message>
        <source>Grounds</source>
        <translation>申诉理由</translation>
    </message>
    <message>
        <source>Decision due</source>
        <translation>处理期限</translation>
    </message>
    <message>
        <source>Overdue</source>
        <translation>逾期</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>结论</translation>
    </message>
    <message>
        <source>Decided on</source>
        <translation>处理日期</translation>
    </message>
    <message>
        <source>A decision is due within 10 working days of filing</source>
        <translation>申诉须在提出后 10 个工作日内处理</translation>
    </message>
    <message>
        <source>{n} d overdue</source>
        <translation>逾期 {n} 天</translation>
    </message>
    <message>
        <source>No decision by {due}</source>
        <translation>{due} 前未处理</translation>
    </message>
</context>
<context>
    <name>AppealsTab</name>
    <message>
        <source>File appeal…</source>
        <translation>登记申诉…</translation>
    </message>
    <message>
        <source>What was checked and found</source>
        <translation>核查的情况与结果</translation>
    </message>
    <message>
        <source>The proposed resolution</source>
        <translation>拟处理意见</translation>
    </message>
    <message>
        <source>Save findings</source>
        <translation>保存核查结果</translation>
    </message>
    <message>
        <source>Decide…</source>
        <translation>处理…</translation>
    </message>
    <message>
        <source>Appeal</source>
        <translation>申诉</translation>
    </message>
    <message>
        <source>Grounds:</source>
        <translation>申诉理由：</translation>
    </message>
    <message>
        <source>Facts found:</source>
        <translation>核查情况：</translation>
    </message>
    <message>
        <source>Resolution:</source>
        <translation>处理意见：</translation>
    </message>
    <message>
        <source>Appeals: within {days} days of confirmation</source>
        <translation>申诉：结果确认后 {days} 天内提出</translation>
    </message>
    <message>
        <source>Appeals close on {date}</source>
        <translation>申诉截止 {date}</translation>
    </message>
    <message>
        <source>{n} appeal(s): {pending} pending, {overdue} overdue</source>
        <translation>共 {n} 条申诉：待处理 {pending}，逾期 {overdue}</translation>
    </message>
    <message>
        <source>Appeals are filed against confirmed results; this cycle is {state}.</source>
        <translation>申诉针对已确认的考核结果；本周期为{state}状态。</translation>
    </message>
    <message>
        <source>The appeal period ended on {date}: an appeal received later is refused.</source>
        <translation>申诉期已于 {date} 结束：此后收到的申诉将被拒绝。</translation>
    </message>
    <message>
        <source>No appeal chosen</source>
        <translation>未选择申诉</translation>
    </message>
    <message>
        <source>No appeals</source>
        <translation>没有申诉</translation>
    </message>
    <message>
        <source>{code} {name} · filed {filed} · {outcome}</source>
        <translation>{code} {name} · {filed} 申诉 · {outcome}</translation>
    </message>
    <message>
        <source>Decided on {date}.</source>
        <translation>已于 {date} 处理。</translation>
    </message>
    <message>
        <source>Overdue: a decision was due by {due}.</source>
        <translation>已逾期：应于 {due} 前处理。</translation>
    </message>
    <message>
        <source>A decision is due by {due}.</source>
        <translation>应于 {due} 前处理。</translation>
    </message>
    <message>
        <source>No cycle selected</source>
        <translation>未选择考核周期</translation>
    </message>
    <message>
        <source>Appeal of {code} {name} filed on {date}</source>
        <translation>已登记 {code} {name} 于 {date} 提出的申诉</translation>
    </message>
    <message>
        <source>Nothing changed</source>
        <translation>没有改动</translation>
    </message>
    <message>
        <source>Findings of the appeal of {code}</source>
        <translation>{code} 申诉的核查结果</translation>
    </message>
    <message>
        <source>Saved the findings of the appeal of {code}</source>
        <translation>已保存 {code} 申诉的核查结果</translation>
    </message>
    <message>
        <source>Uphold the appeal of {code} {name}?

{cycle} goes back to calibration: its frozen results are released so the result can be changed, and it has to be confirmed again.</source>
        <translation>认定 {code} {name} 的申诉成立？

“{cycle}”将退回校准：冻结的结果被释放以便修改，之后须重新确认。</translation>
    </message>
    <message>
        <source>Uphold appeal</source>
        <translation>申诉成立</translation>
    </message>
    <message>
        <source>Appeal of {code} {name}: {outcome}</source>
        <translation>{code} {name} 的申诉：{outcome}</translation>
    </message>
    <message>
        <source>{message}; {cycle} is back in calibration</source>
        <translation>{message}；“{cycle}”已退回校准</translation>
    </message>
</context>
<context>
    <name>AuditModel</name>
    <message>
        <source>Could not read more of the audit log; see the log file</source>
        <translation>无法继续读取审计日志，详见日志文件</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>User</source>
        <translation>用户</translation>
    </message>
    <message>
        <source>What</source>
        <translation>内容</translation>
    </message>
    <message>
        <source>Old → new</source>
        <translation>原值 → 新值</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Click to show the oldest or the newest entries first</source>
        <translation>点击切换：最早的在前或最新的在前</translation>
    </message>
    <message>
        <source>Old: {value}</source>
        <translation>原值：{value}</translation>
    </message>
    <message>
        <source>New: {value}</source>
        <translation>新值：{value}</translation>
    </message>
</context>
<context>
    <name>AuditPage</name>
    <message>
        <source>Audit</source>
        <translation>审计</translation>
    </message>
    <message>
        <source>From</source>
        <translation>从</translation>
    </message>
    <message>
        <source>to</source>
        <translation>到</translation>
    </message>
    <message>
        <source>Only entries from this day on / up to this day</source>
        <translation>只看从这天起 / 到这天为止的记录</translation>
    </message>
    <message>
        <source>All people</source>
        <translation>全部人员</translation>
    </message>
    <message>
        <source>A staff code or name; type a few letters and pick from the list</source>
        <translation>工号或姓名；输入几个字后从列表中选择</translation>
    </message>
    <message>
        <source>All cycles</source>
        <translation>全部考核周期</translation>
    </message>
    <message>
        <source>All kinds of change</source>
        <translation>全部变更类型</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>清除</translation>
    </message>
    <message>
        <source>Show the whole log again</source>
        <translation>清除筛选，显示全部日志</translation>
    </message>
    <message>
        <source>Select an entry to see all of it here.</source>
        <translation>选中一条记录，在此查看完整内容。</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <source>Write every entry the filters show to an Excel workbook</source>
        <translation>把筛选出的全部记录导出到 Excel 工作簿</translation>
    </message>
    <message>
        <source>Reload</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>Read the log again, with changes made since</source>
        <translation>重新读取日志，包括之后的新变更</translation>
    </message>
    <message>
        <source>Person</source>
        <translation>人员</translation>
    </message>
    <message>
        <source>Cycle</source>
        <translation>考核周期</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>The audit log could not be read</source>
        <translation>无法读取审计日志</translation>
    </message>
    <message>
        <source>Reading the audit log…</source>
        <translation>正在读取审计日志…</translation>
    </message>
    <message>
        <source>Audit log</source>
        <translation>审计日志</translation>
    </message>
    <message>
        <source>{kind} (all)</source>
        <translation>{kind}（全部）</translation>
    </message>
    <message>
        <source>No entries match the filters.</source>
        <translation>没有符合筛选条件的记录。</translation>
    </message>
    <message>
        <source>The audit log is empty.</source>
        <translation>审计日志为空。</translation>
    </message>
    <message>
        <source>Showing {shown} of {total} entries — scroll down for more</source>
        <translation>共 {total} 条，已显示 {shown} 条，向下滚动显示更多</translation>
    </message>
    <message>
        <source>1 entry</source>
        <translation>共 1 条</translation>
    </message>
    <message>
        <source>{total} entries</source>
        <translation>共 {total} 条</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>User</source>
        <translation>用户</translation>
    </message>
    <message>
        <source>Kind of change</source>
        <translation>变更类型</translation>
    </message>
    <message>
        <source>Concerns</source>
        <translation>对象</translation>
    </message>
    <message>
        <source>Field</source>
        <translation>字段</translation>
    </message>
    <message>
        <source>Old value</source>
        <translation>原值</translation>
    </message>
    <message>
        <source>New value</source>
        <translation>新值</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>audit-log-{date}.xlsx</source>
        <translation>审计日志-{date}.xlsx</translation>
    </message>
    <message>
        <source>Export the audit log</source>
        <translation>导出审计日志</translation>
    </message>
    <message>
        <source>Excel workbook (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <source>Export cancelled; no file was written</source>
        <translation>已取消导出，未写出任何文件</translation>
    </message>
    <message>
        <source>Writing {file}…</source>
        <translation>正在写入 {file}…</translation>
    </message>
    <message>
        <source>Exported {n} entries to {file}</source>
        <translation>已导出 {n} 条记录到 {file}</translation>
    </message>
</context>
<context>
    <name>CalibrationTab</name>
    <message>
        <source>off (quotas shown only)</source>
        <translation>不启用（仅显示名额）</translation>
    </message>
    <message>
        <source>advisory (counts over a quota are flagged)</source>
        <translation>提示（超出名额的等级会标出）</translation>
    </message>
    <message>
        <source>enforced (S and A capped at their quotas)</source>
        <translation>强制（S 和 A 不超过名额）</translation>
    </message>
    <message>
        <source>Why this grade (required)</source>
        <translation>调整理由（必填）</translation>
    </message>
    <message>
        <source>Adjust grade</source>
        <translation>调整等级</translation>
    </message>
    <message>
        <source>Remove override</source>
        <translation>撤销调整</translation>
    </message>
    <message>
        <source>Adjust a grade</source>
        <translation>调整等级</translation>
    </message>
    <message>
        <source>Person:</source>
        <translation>人员：</translation>
    </message>
    <message>
        <source>Grade:</source>
        <translation>等级：</translation>
    </message>
    <message>
        <source>Reason:</source>
        <translation>理由：</translation>
    </message>
    <message>
        <source>Overrides</source>
        <translation>已调整的等级</translation>
    </message>
    <message>
        <source>Distribution: {mode}</source>
        <translation>强制分布：{mode}</translation>
    </message>
    <message numerus="yes">
        <source>%n people</source>
        <translation>
            <numerusform>%n 人</numerusform>
        </translation>
    </message>
    <message>
        <source>over quota: {grades}</source>
        <translation>超出名额：{grades}</translation>
    </message>
    <message>
        <source>Total {total} · band {band} · distributed {distributed} · final {final}</source>
        <translation>总分 {total} · 分档 {band} · 分布后 {distributed} · 最终 {final}</translation>
    </message>
    <message>
        <source>Grades are adjusted in calibration only; this cycle is {state}.</source>
        <translation>只有在校准状态才能调整等级；该考核周期处于{state}状态。</translation>
    </message>
    <message>
        <source>Choose a person and a grade</source>
        <translation>请选择人员和等级</translation>
    </message>
    <message>
        <source>Adjust {code} to {grade}</source>
        <translation>将 {code} 调整为 {grade}</translation>
    </message>
    <message>
        <source>{code} {name}: final grade {grade} ({reason})</source>
        <translation>{code} {name}：最终等级 {grade}（{reason}）</translation>
    </message>
    <message>
        <source>Remove the override of {code}</source>
        <translation>撤销 {code} 的等级调整</translation>
    </message>
    <message>
        <source>{code} {name}: override removed</source>
        <translation>{code} {name}：已撤销等级调整</translation>
    </message>
</context>
<context>
    <name>CommentDialog</name>
    <message>
        <source>Comment required</source>
        <translation>需要评语</translation>
    </message>
    <message>
        <source>{person} · {item} · {rater}</source>
        <translation>{person} · {item} · {rater}</translation>
    </message>
    <message>
        <source>A rating of {rating} ({level}) needs a written example: what did the person do that shows it?</source>
        <translation>评分 {rating}（{level}）须写明具体事例：此人做了什么体现了这一评分？</translation>
    </message>
    <message>
        <source>Level {rating} — {level}:</source>
        <translation>等级 {rating} — {level}：</translation>
    </message>
    <message>
        <source>(no description for this level)</source>
        <translation>（此等级没有描述）</translation>
    </message>
    <message>
        <source>A concrete example (required)</source>
        <translation>具体事例（必填）</translation>
    </message>
</context>
<context>
    <name>CycleFlags</name>
    <message>
        <source>Partial period (joined or left during the period; pay prorated)</source>
        <translation>期间不完整（期内入职或离职，绩效工资按天折算）</translation>
    </message>
    <message>
        <source>Performance improvement plan (PIP) proposed</source>
        <translation>建议制定绩效改进计划（PIP）</translation>
    </message>
    <message>
        <source>Promotion candidate (two A-or-better grades in a row)</source>
        <translation>晋升候选人（连续两次 A 及以上）</translation>
    </message>
    <message>
        <source>Training: {item}</source>
        <translation>培训：{item}</translation>
    </message>
    <message>
        <source>Nobody rated {item} yet</source>
        <translation>{item} 尚无人评分</translation>
    </message>
</context>
<context>
    <name>CycleListModel</name>
    <message numerus="yes">
        <source>{period} · {state} · %n people</source>
        <translation>
            <numerusform>{period} · {state} · %n 人</numerusform>
        </translation>
    </message>
    <message>
        <source>Scheme: {scheme}</source>
        <translation>考核方案：{scheme}</translation>
    </message>
    <message>
        <source>State: {state}</source>
        <translation>状态：{state}</translation>
    </message>
    <message>
        <source>Opened {date}</source>
        <translation>开始于 {date}</translation>
    </message>
    <message>
        <source>Confirmed {date}</source>
        <translation>确认于 {date}</translation>
    </message>
</context>
<context>
    <name>CycleTypes</name>
    <message>
        <source>monthly</source>
        <translation>月度</translation>
    </message>
    <message>
        <source>quarterly</source>
        <translation>季度</translation>
    </message>
    <message>
        <source>annual</source>
        <translation>年度</translation>
    </message>
</context>
<context>
    <name>CyclesPage</name>
    <message>
        <source>Calibration</source>
        <translation>校准</translation>
    </message>
    <message>
        <source>Results</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>Cycles</source>
        <translation>考核</translation>
    </message>
    <message>
        <source>New cycle…</source>
        <translation>新建考核周期…</translation>
    </message>
    <message>
        <source>Delete draft</source>
        <translation>删除草稿</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>Participants…</source>
        <translation>参与人员…</translation>
    </message>
    <message>
        <source>Appraisal cycles</source>
        <translation>考核周期</translation>
    </message>
    <message>
        <source>No cycle</source>
        <translation>未选择考核周期</translation>
    </message>
    <message numerus="yes">
        <source>%n participant(s)</source>
        <translation>
            <numerusform>%n 人参加</numerusform>
        </translation>
    </message>
    <message>
        <source>opened {date}</source>
        <translation>{date} 开始</translation>
    </message>
    <message>
        <source>confirmed {date}</source>
        <translation>{date} 确认</translation>
    </message>
    <message>
        <source>Closed: read-only</source>
        <translation>已关闭：只读</translation>
    </message>
    <message>
        <source>Confirmed: scores frozen, read-only</source>
        <translation>已确认：成绩已冻结，只读</translation>
    </message>
    <message>
        <source>Scoring…</source>
        <translation>正在计分…</translation>
    </message>
    <message>
        <source>Scoring failed; see the log</source>
        <translation>计分失败；详见日志</translation>
    </message>
    <message>
        <source>Scoring cancelled — Refresh scores again</source>
        <translation>已取消计分——点“刷新”重新计分</translation>
    </message>
    <message>
        <source>Scoring</source>
        <translation>计分</translation>
    </message>
    <message>
        <source>Scoring {cycle}…</source>
        <translation>正在为 {cycle} 计分…</translation>
    </message>
    <message>
        <source>The data changed since confirmation. The results shown are those confirmed; move the cycle back to calibration to score it again.</source>
        <translation>确认后数据已有变动。此处显示的是确认时的结果；如需按新数据重新计分，请将考核周期退回校准。</translation>
    </message>
    <message>
        <source>Checking the data</source>
        <translation>正在检查数据</translation>
    </message>
    <message>
        <source>Confirm the results of {cycle}?

The scores and grades are frozen as they are now; later changes to the data show only as a notice until the cycle is moved back.</source>
        <translation>确认 {cycle} 的考核结果？

成绩与等级将按当前结果冻结；之后的数据变动只会以提示显示，除非将考核周期退回。</translation>
    </message>
    <message>
        <source>Confirm results</source>
        <translation>确认结果</translation>
    </message>
    <message>
        <source>Move to {state}</source>
        <translation>转为{state}</translation>
    </message>
    <message>
        <source>{cycle} is now {state}</source>
        <translation>{cycle} 已转为{state}</translation>
    </message>
    <message>
        <source>Cancelled; the cycle did not move</source>
        <translation>已取消；考核周期状态未变</translation>
    </message>
    <message>
        <source>Scoring and freezing {cycle}…</source>
        <translation>正在计分并冻结 {cycle}…</translation>
    </message>
    <message>
        <source>Moving {cycle} to {state}…</source>
        <translation>正在将 {cycle} 转为{state}…</translation>
    </message>
    <message numerus="yes">
        <source>Created {cycle} as a draft with %n participant(s)</source>
        <translation>
            <numerusform>已创建草稿 {cycle}，%n 人参加</numerusform>
        </translation>
    </message>
    <message>
        <source>Only a draft can be deleted; {cycle} is {state}</source>
        <translation>只能删除草稿；{cycle} 处于{state}状态</translation>
    </message>
    <message>
        <source>Delete the draft cycle {cycle}?</source>
        <translation>删除草稿考核周期 {cycle}？</translation>
    </message>
    <message>
        <source>Deleted {cycle}</source>
        <translation>已删除 {cycle}</translation>
    </message>
    <message>
        <source>Adjustments</source>
        <translation>加扣分</translation>
    </message>
    <message>
        <source>Appeals</source>
        <translation>申诉</translation>
    </message>
    <message>
        <source>Interviews</source>
        <translation>面谈</translation>
    </message>
    <message>
        <source>Key tasks</source>
        <translation>重点工作</translation>
    </message>
</context>
<context>
    <name>DecideAppealDialog</name>
    <message>
        <source>Decide the appeal</source>
        <translation>处理申诉</translation>
    </message>
    <message>
        <source>{code} {name}, filed {filed}, decision due {due}</source>
        <translation>{code} {name}，{filed} 申诉，应于 {due} 前处理</translation>
    </message>
    <message>
        <source>(no facts recorded yet)</source>
        <translation>（尚未记录核查情况）</translation>
    </message>
    <message>
        <source>Upheld</source>
        <translation>成立</translation>
    </message>
    <message>
        <source>Rejected</source>
        <translation>驳回</translation>
    </message>
    <message>
        <source>The decision and what follows (required)</source>
        <translation>处理决定及后续安排（必填）</translation>
    </message>
    <message>
        <source>Upheld moves {cycle} back to calibration so the result can be changed; it has to be confirmed again afterwards.</source>
        <translation>申诉成立将使“{cycle}”退回校准以便修改结果，之后须重新确认。</translation>
    </message>
    <message>
        <source>Decide</source>
        <translation>确定</translation>
    </message>
    <message>
        <source>Grounds:</source>
        <translation>申诉理由：</translation>
    </message>
    <message>
        <source>Facts found:</source>
        <translation>核查情况：</translation>
    </message>
    <message>
        <source>Outcome:</source>
        <translation>结论：</translation>
    </message>
    <message>
        <source>Resolution:</source>
        <translation>处理意见：</translation>
    </message>
    <message>
        <source>Decided on:</source>
        <translation>处理日期：</translation>
    </message>
</context>
<context>
    <name>DecomposeDialog</name>
    <message>
        <source>Decompose {unit}</source>
        <translation>分解 {unit} 的目标</translation>
    </message>
    <message>
        <source>Evenly</source>
        <translation>平均分配</translation>
    </message>
    <message>
        <source>By share of a past actual</source>
        <translation>按历史实绩占比</translation>
    </message>
    <message>
        <source>By hand</source>
        <translation>手工分配</translation>
    </message>
    <message>
        <source>Year {y}</source>
        <translation>{y} 全年</translation>
    </message>
    <message>
        <source>A past period such as 2025 or 2025-Q4</source>
        <translation>历史期间，如 2025 或 2025-Q4</translation>
    </message>
    <message>
        <source>Sub-units take a share each</source>
        <translation>下级部门各占一份</translation>
    </message>
    <message>
        <source>Allocate to the people directly in the unit and to each sub-unit as one share (by past share: the sum of its members&apos; past actuals)</source>
        <translation>分配给本部门的直属人员，并把每个下级部门作为一份（按历史占比时，下级部门的历史实绩为其成员实绩之和）</translation>
    </message>
    <message>
        <source>Each member&apos;s own profile</source>
        <translation>各成员自己的季节系数</translation>
    </message>
    <message>
        <source>Even</source>
        <translation>平均</translation>
    </message>
    <message>
        <source>Method</source>
        <translation>方法</translation>
    </message>
    <message>
        <source>Period</source>
        <translation>期间</translation>
    </message>
    <message>
        <source>Past period (by share)</source>
        <translation>历史期间（按占比）</translation>
    </message>
    <message>
        <source>Members</source>
        <translation>分配对象</translation>
    </message>
    <message>
        <source>Months by</source>
        <translation>分到各月</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>工号</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Before</source>
        <translation>分解前</translation>
    </message>
    <message>
        <source>After</source>
        <translation>分解后</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>变化</translation>
    </message>
    <message>
        <source>Preview</source>
        <translation>预览</translation>
    </message>
    <message>
        <source>{total} of {period} to {n} member(s)</source>
        <translation>将 {period} 的 {total} 分配给 {n} 名成员</translation>
    </message>
    <message>
        <source>({n} of them sub-units)</source>
        <translation>（其中 {n} 个下级部门）</translation>
    </message>
    <message>
        <source>no past actuals to go by: split evenly</source>
        <translation>没有可参照的历史实绩：已平均分配</translation>
    </message>
</context>
<context>
    <name>Delegates</name>
    <message>
        <source>not a date: {v}</source>
        <translation>不是日期：{v}</translation>
    </message>
    <message>
        <source>a date such as 2026-03-05</source>
        <translation>日期，如 2026-03-05</translation>
    </message>
    <message>
        <source>not an amount: {v}</source>
        <translation>不是金额：{v}</translation>
    </message>
    <message>
        <source>an amount such as 1,234.50</source>
        <translation>金额，如 1,234.50</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
</context>
<context>
    <name>DistributionModel</name>
    <message>
        <source>Grade</source>
        <translation>等级</translation>
    </message>
    <message>
        <source>Share</source>
        <translation>比例</translation>
    </message>
    <message>
        <source>Quota</source>
        <translation>名额</translation>
    </message>
    <message>
        <source>By band</source>
        <translation>分档人数</translation>
    </message>
    <message>
        <source>Distributed</source>
        <translation>分布后</translation>
    </message>
    <message>
        <source>Final</source>
        <translation>最终</translation>
    </message>
    <message>
        <source>More people hold {grade} than its quota of {quota}</source>
        <translation>{grade} 的人数超出名额 {quota}</translation>
    </message>
</context>
<context>
    <name>ExcelGrid</name>
    <message>
        <source>Copied {n} cell(s)</source>
        <translation>已复制 {n} 个单元格</translation>
    </message>
    <message>
        <source>Paste {n} cell(s)</source>
        <translation>粘贴 {n} 个单元格</translation>
    </message>
    <message>
        <source>Pasted {n} cell(s)</source>
        <translation>已粘贴 {n} 个单元格</translation>
    </message>
    <message>
        <source>; {n} read-only or outside the table skipped</source>
        <translation>；跳过 {n} 个只读或超出表格的单元格</translation>
    </message>
    <message>
        <source>Clear {n} cell(s)</source>
        <translation>清除 {n} 个单元格</translation>
    </message>
    <message>
        <source>Cleared {n} cell(s)</source>
        <translation>已清除 {n} 个单元格</translation>
    </message>
    <message>
        <source>Nothing was changed</source>
        <translation>未做任何修改</translation>
    </message>
</context>
<context>
    <name>FileAppealDialog</name>
    <message>
        <source>File an appeal</source>
        <translation>登记申诉</translation>
    </message>
    <message>
        <source>The day the appeal was received</source>
        <translation>收到申诉的日期</translation>
    </message>
    <message>
        <source>What the employee disputes and why (required)</source>
        <translation>员工对哪项结果有异议及理由（必填）</translation>
    </message>
    <message>
        <source>Appeals close on {date}</source>
        <translation>申诉截止 {date}</translation>
    </message>
    <message>
        <source>File appeal</source>
        <translation>登记申诉</translation>
    </message>
    <message>
        <source>Person:</source>
        <translation>申诉人：</translation>
    </message>
    <message>
        <source>Filed on:</source>
        <translation>申诉日期：</translation>
    </message>
    <message>
        <source>Grounds:</source>
        <translation>申诉理由：</translation>
    </message>
    <message>
        <source>Choose the person who appeals</source>
        <translation>请选择申诉人</translation>
    </message>
</context>
<context>
    <name>GradeChart</name>
    <message>
        <source>Quota</source>
        <translation>名额</translation>
    </message>
    <message>
        <source>By band</source>
        <translation>分档人数</translation>
    </message>
    <message>
        <source>Final</source>
        <translation>最终人数</translation>
    </message>
</context>
<context>
    <name>GradeDistributionChart</name>
    <message>
        <source>Grade distribution</source>
        <translation>等级分布</translation>
    </message>
    <message>
        <source>Grade distribution ({count} people)</source>
        <translation>等级分布（{count} 人）</translation>
    </message>
    <message>
        <source>Quota</source>
        <translation>名额</translation>
    </message>
    <message>
        <source>Final</source>
        <translation>最终人数</translation>
    </message>
    <message>
        <source>Grade</source>
        <translation>等级</translation>
    </message>
    <message>
        <source>People</source>
        <translation>人数</translation>
    </message>
    <message>
        <source>{grade}: quota {quota} ({share}%), final {final}</source>
        <translation>{grade}：名额 {quota} 人（{share}%），最终 {final} 人</translation>
    </message>
</context>
<context>
    <name>ImportHistoryModel</name>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Added</source>
        <translation>新增</translation>
    </message>
    <message>
        <source>Replaced</source>
        <translation>替换</translation>
    </message>
    <message>
        <source>Skipped</source>
        <translation>跳过</translation>
    </message>
    <message>
        <source>Undone</source>
        <translation>撤销时间</translation>
    </message>
    <message>
        <source>sheet {sheet}</source>
        <translation>工作表 {sheet}</translation>
    </message>
    <message>
        <source>Batch {id} by {user}</source>
        <translation>批次 {id}，操作人 {user}</translation>
    </message>
</context>
<context>
    <name>ImportKinds</name>
    <message>
        <source>Sales ledger</source>
        <translation>销售明细</translation>
    </message>
    <message>
        <source>Receipts</source>
        <translation>回款</translation>
    </message>
    <message>
        <source>Targets</source>
        <translation>目标</translation>
    </message>
    <message>
        <source>Manual metrics</source>
        <translation>手工指标</translation>
    </message>
    <message>
        <source>Staff</source>
        <translation>人员</translation>
    </message>
</context>
<context>
    <name>ImportPreviewDialog</name>
    <message>
        <source>Import preview — {file}</source>
        <translation>导入预览 — {file}</translation>
    </message>
    <message>
        <source>Sheet</source>
        <translation>工作表</translation>
    </message>
    <message>
        <source>Row</source>
        <translation>行</translation>
    </message>
    <message>
        <source>Column</source>
        <translation>列</translation>
    </message>
    <message>
        <source>Problem</source>
        <translation>问题</translation>
    </message>
    <message>
        <source>Errors ({n})</source>
        <translation>错误（{n}）</translation>
    </message>
    <message>
        <source>Changes ({n})</source>
        <translation>变更（{n}）</translation>
    </message>
    <message>
        <source>To be created ({n})</source>
        <translation>将新建（{n}）</translation>
    </message>
    <message>
        <source>The file has errors; nothing can be imported until they are fixed.</source>
        <translation>文件有错误；改正之前无法导入任何数据。</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>导入</translation>
    </message>
    <message>
        <source>Importing…</source>
        <translation>正在导入…</translation>
    </message>
    <message>
        <source>{message} (allowed: {allowed})</source>
        <translation>{message}（允许：{allowed}）</translation>
    </message>
</context>
<context>
    <name>InterviewsTab</name>
    <message>
        <source>Training: {item}</source>
        <translation>培训：{item}</translation>
    </message>
    <message>
        <source>Propose a performance improvement plan (PIP)</source>
        <translation>建议制定绩效改进计划 (PIP)</translation>
    </message>
    <message>
        <source>Promotion candidate</source>
        <translation>晋升候选</translation>
    </message>
    <message>
        <source>Held on</source>
        <translation>面谈日期</translation>
    </message>
    <message>
        <source>What was discussed: results, strengths, gaps</source>
        <translation>面谈内容：结果、优势、差距</translation>
    </message>
    <message>
        <source>Improvement goals for the next period</source>
        <translation>下一期的改进目标</translation>
    </message>
    <message>
        <source>Not yet</source>
        <translation>尚未确认</translation>
    </message>
    <message>
        <source>Confirmed on</source>
        <translation>已确认，日期</translation>
    </message>
    <message>
        <source>Refused, because</source>
        <translation>拒绝确认，原因</translation>
    </message>
    <message>
        <source>Why the employee does not confirm</source>
        <translation>员工不确认结果的原因</translation>
    </message>
    <message>
        <source>Save interview</source>
        <translation>保存面谈记录</translation>
    </message>
    <message>
        <source>Discard changes</source>
        <translation>放弃修改</translation>
    </message>
    <message>
        <source>A PIP runs 30/60/90 days: the gaps, the goals, the support given, check-ins and both sides&apos; sign-off. The app never proposes dismissal.</source>
        <translation>绩效改进计划为期 30/60/90 天：差距、目标、提供的支持、定期跟进及双方签字确认。本软件从不建议解除劳动合同。</translation>
    </message>
    <message>
        <source>Interview and sign-off</source>
        <translation>绩效面谈与结果确认</translation>
    </message>
    <message>
        <source>Interview:</source>
        <translation>面谈：</translation>
    </message>
    <message>
        <source>Notes:</source>
        <translation>面谈记录：</translation>
    </message>
    <message>
        <source>Improvement goals:</source>
        <translation>改进目标：</translation>
    </message>
    <message>
        <source>Employee:</source>
        <translation>员工确认：</translation>
    </message>
    <message>
        <source>Result and development</source>
        <translation>考核结果与发展</translation>
    </message>
    <message>
        <source>Counting interviews</source>
        <translation>统计面谈</translation>
    </message>
    <message>
        <source>Save the changes to the interview of {code} {name}?</source>
        <translation>保存对 {code} {name} 面谈记录的修改？</translation>
    </message>
    <message>
        <source>Interview</source>
        <translation>绩效面谈</translation>
    </message>
    <message>
        <source>The cycle is closed: its interviews are read-only.</source>
        <translation>考核周期已关闭：面谈记录只读。</translation>
    </message>
    <message>
        <source>Interviews are recorded once the results are confirmed; this cycle is {state}.</source>
        <translation>考核结果确认后才能记录面谈；本周期为{state}状态。</translation>
    </message>
    <message>
        <source>Scoring…</source>
        <translation>计分中…</translation>
    </message>
    <message>
        <source>{code} {name} · total {total} · rank {rank}</source>
        <translation>{code} {name} · 总分 {total} · 排名 {rank}</translation>
    </message>
    <message>
        <source>band grade {band}, final {final}</source>
        <translation>分档等级 {band}，最终等级 {final}</translation>
    </message>
    <message>
        <source>No development flags</source>
        <translation>无发展建议</translation>
    </message>
    <message>
        <source>Counting interviews…</source>
        <translation>正在统计面谈…</translation>
    </message>
    <message>
        <source>Interviewed {done} / {total}, confirmed {confirmed}, refused {refused}</source>
        <translation>已面谈 {done} / {total}，已确认 {confirmed}，拒绝 {refused}</translation>
    </message>
    <message>
        <source>Nothing changed</source>
        <translation>没有改动</translation>
    </message>
    <message>
        <source>Interview of {code} {name}</source>
        <translation>{code} {name} 的面谈</translation>
    </message>
    <message>
        <source>Saved the interview of {code}</source>
        <translation>已保存 {code} 的面谈记录</translation>
    </message>
</context>
<context>
    <name>ItemDetailsPanel</name>
    <message>
        <source>Description</source>
        <translation>说明</translation>
    </message>
    <message>
        <source>Count only (filter)</source>
        <translation>只统计（筛选）</translation>
    </message>
    <message>
        <source>Product line</source>
        <translation>产品线</translation>
    </message>
    <message>
        <source>Region</source>
        <translation>区域</translation>
    </message>
    <message>
        <source>Customer segment</source>
        <translation>客户群</translation>
    </message>
    <message>
        <source>Level anchors (rated 1–5)</source>
        <translation>等级描述（按 1–5 评分）</translation>
    </message>
    <message>
        <source>5 Outstanding</source>
        <translation>5 卓越</translation>
    </message>
    <message>
        <source>4 Good</source>
        <translation>4 良好</translation>
    </message>
    <message>
        <source>3 Meets</source>
        <translation>3 合格</translation>
    </message>
    <message>
        <source>2 Needs improvement</source>
        <translation>2 待改进</translation>
    </message>
    <message>
        <source>1 Unsatisfactory</source>
        <translation>1 不合格</translation>
    </message>
    <message>
        <source>Rated by (none ticked: all)</source>
        <translation>评分人（都不勾选：全部）</translation>
    </message>
    <message>
        <source>Mean of the confirmed totals of</source>
        <translation>取以下周期已确认总分的平均值</translation>
    </message>
    <message>
        <source>Cycle type</source>
        <translation>周期类型</translation>
    </message>
    <message>
        <source>Apply</source>
        <translation>应用</translation>
    </message>
    <message>
        <source>Revert</source>
        <translation>还原</translation>
    </message>
    <message>
        <source>Select an item to see its details</source>
        <translation>选择一个考核项查看详情</translation>
    </message>
    <message>
        <source>{name} · {kind}</source>
        <translation>{name} · {kind}</translation>
    </message>
    <message>
        <source>(all)</source>
        <translation>（全部）</translation>
    </message>
</context>
<context>
    <name>KeyTasksModel</name>
    <message>
        <source>Key task</source>
        <translation>重点工作</translation>
    </message>
    <message>
        <source>Weight</source>
        <translation>权重</translation>
    </message>
    <message>
        <source>Completion %</source>
        <translation>完成度 %</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>说明</translation>
    </message>
    <message>
        <source>0–100; empty while not rated yet (counts as 0 %)</source>
        <translation>0–100；未评时留空（按 0% 计）</translation>
    </message>
    <message>
        <source>The task&apos;s weight inside the key-tasks item (above 0)</source>
        <translation>该项工作在重点工作考核项中的权重（大于 0）</translation>
    </message>
    <message>
        <source>Not rated yet: counts as 0 %</source>
        <translation>尚未评定：按 0% 计</translation>
    </message>
    <message>
        <source>Edit {label}</source>
        <translation>修改 {label}</translation>
    </message>
    <message>
        <source>key task</source>
        <translation>重点工作</translation>
    </message>
    <message>
        <source>a key task needs a weight</source>
        <translation>重点工作须填写权重</translation>
    </message>
    <message>
        <source>a number above 0, at most 2 decimals</source>
        <translation>大于 0 的数，最多两位小数</translation>
    </message>
    <message>
        <source>Add key task {task}</source>
        <translation>添加重点工作“{task}”</translation>
    </message>
    <message>
        <source>Delete {n} key task(s)</source>
        <translation>删除 {n} 项重点工作</translation>
    </message>
    <message>
        <source>Move key task {task}</source>
        <translation>移动重点工作“{task}”</translation>
    </message>
</context>
<context>
    <name>KeyTasksTab</name>
    <message>
        <source>New key task: what is to be achieved</source>
        <translation>新的重点工作：要达成什么</translation>
    </message>
    <message>
        <source>Weight</source>
        <translation>权重</translation>
    </message>
    <message>
        <source>Add task</source>
        <translation>添加</translation>
    </message>
    <message>
        <source>Delete task</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Move up</source>
        <translation>上移</translation>
    </message>
    <message>
        <source>Move down</source>
        <translation>下移</translation>
    </message>
    <message>
        <source>New:</source>
        <translation>新增：</translation>
    </message>
    <message>
        <source>Key tasks can be changed while the cycle is a draft, open or in calibration; this cycle is {state}.</source>
        <translation>重点工作只能在考核周期为草稿、进行中或校准状态时修改；本周期为{state}状态。</translation>
    </message>
    <message>
        <source>The cycle&apos;s scheme has no key-tasks item: tasks entered here do not count.</source>
        <translation>本周期的考核方案没有重点工作考核项：此处录入的工作不计分。</translation>
    </message>
    <message>
        <source>Give the new task a weight above 0</source>
        <translation>请为新的重点工作填写大于 0 的权重</translation>
    </message>
    <message>
        <source>Added the key task {task} for {code}</source>
        <translation>已为 {code} 添加重点工作“{task}”</translation>
    </message>
    <message>
        <source>Deleted {n} key task(s)</source>
        <translation>已删除 {n} 项重点工作</translation>
    </message>
    <message>
        <source>Choose a cycle and a person to see their key tasks.</source>
        <translation>选择考核周期和人员后显示其重点工作。</translation>
    </message>
    <message>
        <source>{code} {name} has no key tasks: the item scores 0.</source>
        <translation>{code} {name} 没有重点工作：该项得 0 分。</translation>
    </message>
    <message>
        <source>Completion Σ(weight × completion) ÷ Σweight = ({parts}) ÷ {total} = {p}</source>
        <translation>完成度 Σ(权重 × 完成度) ÷ Σ权重 = ({parts}) ÷ {total} = {p}</translation>
    </message>
    <message>
        <source>{n} of {m} task(s) not rated yet: counted as 0 %</source>
        <translation>{m} 项中有 {n} 项尚未评定：按 0% 计</translation>
    </message>
    <message>
        <source>{item}: {w} × {p} = {score} points</source>
        <translation>{item}：{w} × {p} = {score} 分</translation>
    </message>
    <message>
        <source>In the current results: {score} points</source>
        <translation>当前结果中的得分：{score} 分</translation>
    </message>
    <message>
        <source>Scoring…</source>
        <translation>计分中…</translation>
    </message>
    <message>
        <source>total {total} · grade {grade}</source>
        <translation>总分 {total} · 等级 {grade}</translation>
    </message>
</context>
<context>
    <name>LinesBehindDialog</name>
    <message>
        <source>Lines behind the value</source>
        <translation>数值明细</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>Receipt</source>
        <translation>回款单</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>Staff</source>
        <translation>业务员</translation>
    </message>
    <message>
        <source>Collected</source>
        <translation>回款金额</translation>
    </message>
    <message>
        <source>Amount due</source>
        <translation>应回款额</translation>
    </message>
    <message>
        <source>Order</source>
        <translation>单号</translation>
    </message>
    <message>
        <source>Line</source>
        <translation>行号</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <source>Cost</source>
        <translation>成本</translation>
    </message>
    <message>
        <source>Share</source>
        <translation>分成比例</translation>
    </message>
    <message>
        <source>Credited</source>
        <translation>计入金额</translation>
    </message>
    <message>
        <source>{n} line(s); credited total {total}</source>
        <translation>共 {n} 行；计入合计 {total}</translation>
    </message>
    <message>
        <source>No lines: the value is entered by hand, or nothing was sold in the period.</source>
        <translation>没有明细：该数值为手工录入，或该期间没有销售。</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Staff</source>
        <translation>人员</translation>
    </message>
    <message>
        <source>Keep the org chart and the sales staff, with managers and pay bases.</source>
        <translation>维护组织架构和销售人员，包括上级和绩效工资基数。</translation>
    </message>
    <message>
        <source>Targets</source>
        <translation>目标</translation>
    </message>
    <message>
        <source>Set yearly targets, spread them over the months by seasonality and split them from units down to people.</source>
        <translation>制定年度目标，按季节性分解到各月，并从部门逐级分解到个人。</translation>
    </message>
    <message>
        <source>Actuals</source>
        <translation>实绩</translation>
    </message>
    <message>
        <source>Import sales ledgers and receipts, enter manual metrics and look at any metric per person and month.</source>
        <translation>导入销售台账和回款，录入手工指标，按人按月查看任意指标。</translation>
    </message>
    <message>
        <source>Schemes</source>
        <translation>方案</translation>
    </message>
    <message>
        <source>Define appraisal schemes: weighted items, scoring rules, grade bands and the grade distribution.</source>
        <translation>制定考核方案：考核项及权重、评分规则、等级区间和等级分布。</translation>
    </message>
    <message>
        <source>Cycles</source>
        <translation>考核</translation>
    </message>
    <message>
        <source>Run appraisal cycles: scoring, ratings, calibration, interviews, sign-off and appeals.</source>
        <translation>开展考核周期：计分、评分、校准、面谈、确认签字和申诉。</translation>
    </message>
    <message>
        <source>Reports</source>
        <translation>报表</translation>
    </message>
    <message>
        <source>Print scorecards and pay sheets and export report workbooks.</source>
        <translation>打印考核表和绩效工资表，导出报表工作簿。</translation>
    </message>
    <message>
        <source>Audit</source>
        <translation>审计</translation>
    </message>
    <message>
        <source>See who changed what and when, for every change to the data.</source>
        <translation>查看每一项数据改动：谁在何时改了什么。</translation>
    </message>
    <message>
        <source>&amp;New database…</source>
        <translation>新建数据库(&amp;N)…</translation>
    </message>
    <message>
        <source>&amp;Open database…</source>
        <translation>打开数据库(&amp;O)…</translation>
    </message>
    <message>
        <source>&amp;Backup…</source>
        <translation>备份(&amp;B)…</translation>
    </message>
    <message>
        <source>&amp;Restore…</source>
        <translation>恢复(&amp;R)…</translation>
    </message>
    <message>
        <source>&amp;Staff…</source>
        <translation>人员(&amp;S)…</translation>
    </message>
    <message>
        <source>&amp;Staff list…</source>
        <translation>人员名单(&amp;S)…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>撤销</translation>
    </message>
    <message>
        <source>Redo</source>
        <translation>重做</translation>
    </message>
    <message>
        <source>Cu&amp;t</source>
        <translation>剪切(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Copy</source>
        <translation>复制(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Paste</source>
        <translation>粘贴(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Delete</source>
        <translation>删除(&amp;D)</translation>
    </message>
    <message>
        <source>&amp;Find…</source>
        <translation>查找(&amp;F)…</translation>
    </message>
    <message>
        <source>Show people who &amp;left</source>
        <translation>显示已离职人员(&amp;L)</translation>
    </message>
    <message>
        <source>User &amp;guide</source>
        <translation>使用指南(&amp;G)</translation>
    </message>
    <message>
        <source>&amp;About SalesDesk</source>
        <translation>关于 SalesDesk(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>Open &amp;recent</source>
        <translation>最近打开(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Import</source>
        <translation>导入(&amp;I)</translation>
    </message>
    <message>
        <source>&amp;Export</source>
        <translation>导出(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>Main toolbar</source>
        <translation>主工具栏</translation>
    </message>
    <message>
        <source>Search (Ctrl+F)</source>
        <translation>搜索 (Ctrl+F)</translation>
    </message>
    <message numerus="yes">
        <source>%n staff</source>
        <translation>
            <numerusform>%n 人</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n region(s)</source>
        <translation>
            <numerusform>%n 个区域</numerusform>
        </translation>
    </message>
    <message>
        <source>{period} appraisal {state}</source>
        <translation>{period} 考核{state}</translation>
    </message>
    <message>
        <source>SalesDesk databases ({patterns})</source>
        <translation>SalesDesk 数据库 ({patterns})</translation>
    </message>
    <message>
        <source>All files (*)</source>
        <translation>所有文件 (*)</translation>
    </message>
    <message>
        <source>New database</source>
        <translation>新建数据库</translation>
    </message>
    <message>
        <source>{file} already exists. Use File → Open database… to open it.</source>
        <translation>{file} 已存在。请用“文件 → 打开数据库…”打开它。</translation>
    </message>
    <message>
        <source>Company name:</source>
        <translation>公司名称：</translation>
    </message>
    <message>
        <source>Creating {file}…</source>
        <translation>正在创建 {file}…</translation>
    </message>
    <message>
        <source>Open database</source>
        <translation>打开数据库</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
    <message>
        <source>{file} no longer exists.</source>
        <translation>{file} 已不存在。</translation>
    </message>
    <message>
        <source>Open recent</source>
        <translation>最近打开</translation>
    </message>
    <message>
        <source>Back up the database</source>
        <translation>备份数据库</translation>
    </message>
    <message>
        <source>Choose another file than the open database.</source>
        <translation>请选择与当前打开的数据库不同的文件。</translation>
    </message>
    <message>
        <source>Backup</source>
        <translation>备份</translation>
    </message>
    <message>
        <source>Backing up to {file}…</source>
        <translation>正在备份到 {file}…</translation>
    </message>
    <message>
        <source>Backed up to {file}</source>
        <translation>已备份到 {file}</translation>
    </message>
    <message>
        <source>Restore from a backup</source>
        <translation>从备份恢复</translation>
    </message>
    <message>
        <source>Replace the open database {current} with the backup {backup}?

Everything changed since that backup is lost. The current file is kept beside it as {current}.before-restore.</source>
        <translation>用备份 {backup} 替换当前打开的数据库 {current} 吗？

该备份之后的所有改动都将丢失。当前文件会在同一文件夹中保留为 {current}.before-restore。</translation>
    </message>
    <message>
        <source>Restore</source>
        <translation>恢复</translation>
    </message>
    <message>
        <source>Restoring {file}…</source>
        <translation>正在恢复 {file}…</translation>
    </message>
    <message>
        <source>SalesDesk user guide</source>
        <translation>SalesDesk 使用指南</translation>
    </message>
    <message>
        <source>Getting started</source>
        <translation>开始使用</translation>
    </message>
    <message>
        <source>Each company&apos;s data lives in one database file. Create or open one with the File menu; the window title shows which file is open.</source>
        <translation>每家公司的数据保存在一个数据库文件中。通过“文件”菜单新建或打开数据库；窗口标题显示当前打开的文件。</translation>
    </message>
    <message>
        <source>Pages</source>
        <translation>页面</translation>
    </message>
    <message>
        <source>Use the list on the left or Ctrl+1 to Ctrl+7 to switch between Staff, Targets, Actuals, Schemes, Cycles, Reports and Audit.</source>
        <translation>用左侧列表或 Ctrl+1 至 Ctrl+7 在人员、目标、实绩、方案、考核、报表和审计之间切换。</translation>
    </message>
    <message>
        <source>Working like in Excel</source>
        <translation>像 Excel 一样操作</translation>
    </message>
    <message>
        <source>Click a cell to select it; double-click, F2 or just type to edit. Enter moves down, Tab moves right. Ctrl+C and Ctrl+V copy and paste blocks of cells to and from Excel. Delete clears the selected cells.</source>
        <translation>单击选中单元格；双击、按 F2 或直接输入即可编辑。回车下移，Tab 右移。Ctrl+C 和 Ctrl+V 可与 Excel 之间复制粘贴整块单元格。Delete 清除选中的单元格。</translation>
    </message>
    <message>
        <source>Undo and search</source>
        <translation>撤销与搜索</translation>
    </message>
    <message>
        <source>Ctrl+Z undoes the last change and Ctrl+Y redoes it. Ctrl+F jumps to the search box, which narrows the current table as you type.</source>
        <translation>Ctrl+Z 撤销上一次修改，Ctrl+Y 重做。Ctrl+F 跳到搜索框，输入时即时筛选当前表格。</translation>
    </message>
    <message>
        <source>Refused changes</source>
        <translation>被拒绝的修改</translation>
    </message>
    <message>
        <source>When a value breaks a rule, the old value stays and the status bar says why and what is allowed.</source>
        <translation>输入的值违反规则时，原值保持不变，状态栏会说明原因和允许的取值。</translation>
    </message>
    <message>
        <source>Safety</source>
        <translation>数据安全</translation>
    </message>
    <message>
        <source>Every change is saved at once. Use File → Backup… regularly and keep the copies somewhere else; File → Restore… brings one back.</source>
        <translation>每次修改都会立即保存。请定期使用“文件 → 备份…”并把备份存放在别处；“文件 → 恢复…”可以恢复备份。</translation>
    </message>
    <message>
        <source>About SalesDesk</source>
        <translation>关于 SalesDesk</translation>
    </message>
    <message>
        <source>&lt;h3&gt;SalesDesk {version}&lt;/h3&gt;&lt;p&gt;Sales performance appraisal for a small company&apos;s sales team.&lt;/p&gt;&lt;p&gt;Database: {path}&lt;/p&gt;&lt;p&gt;Data folder: {folder}&lt;/p&gt;</source>
        <translation>&lt;h3&gt;SalesDesk {version}&lt;/h3&gt;&lt;p&gt;面向小型企业销售团队的销售绩效考核软件。&lt;/p&gt;&lt;p&gt;数据库：{path}&lt;/p&gt;&lt;p&gt;数据文件夹：{folder}&lt;/p&gt;</translation>
    </message>
</context>
<context>
    <name>ManualMetricsModel</name>
    <message>
        <source>computed: the sum of the months</source>
        <translation>计算值：各月之和</translation>
    </message>
    <message>
        <source>computed: the last month with a value</source>
        <translation>计算值：最后一个有数据的月份</translation>
    </message>
    <message>
        <source>computed: the average of the months with a value</source>
        <translation>计算值：有数据月份的平均值</translation>
    </message>
    <message>
        <source>computed: the ratio of the sums of the months</source>
        <translation>计算值：各月合计之比</translation>
    </message>
    <message>
        <source>Code / unit</source>
        <translation>工号 / 部门</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名 / 名称</translation>
    </message>
    <message>
        <source>The value entered for the unit itself</source>
        <translation>为部门本身录入的数值</translation>
    </message>
    <message>
        <source>Edit {label}</source>
        <translation>编辑 {label}</translation>
    </message>
    <message>
        <source>no metric is shown</source>
        <translation>未选择指标</translation>
    </message>
</context>
<context>
    <name>MetricViewModel</name>
    <message>
        <source>Code / unit</source>
        <translation>工号 / 部门</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名 / 名称</translation>
    </message>
    <message>
        <source>Double-click to see the lines behind this value</source>
        <translation>双击查看该数值的明细</translation>
    </message>
</context>
<context>
    <name>MonthlyTargetChart</name>
    <message>
        <source>{metric}: target and actual per month — {subject}</source>
        <translation>{metric}：各月目标与实绩 — {subject}</translation>
    </message>
    <message>
        <source>{metric}: target and actual per month</source>
        <translation>{metric}：各月目标与实绩</translation>
    </message>
    <message>
        <source>Target and actual per month</source>
        <translation>各月目标与实绩</translation>
    </message>
    <message>
        <source>Target</source>
        <translation>目标</translation>
    </message>
    <message>
        <source>Actual</source>
        <translation>实绩</translation>
    </message>
    <message>
        <source>Month</source>
        <translation>月份</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>数值</translation>
    </message>
    <message>
        <source>{metric} (10,000 yuan)</source>
        <translation>{metric}（万元）</translation>
    </message>
    <message>
        <source>{metric} (%)</source>
        <translation>{metric}（%）</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>{month}: target {target}, actual {actual}</source>
        <translation>{month}：目标 {target}，实绩 {actual}</translation>
    </message>
</context>
<context>
    <name>MoveBackDialog</name>
    <message>
        <source>Move the cycle back</source>
        <translation>退回考核周期</translation>
    </message>
    <message>
        <source>{cycle} moves back from {current} to {target}. The move and its reason are kept in the audit log.</source>
        <translation>{cycle} 将从{current}退回{target}。退回操作及其原因会记入审计日志。</translation>
    </message>
    <message>
        <source>Reason (required):</source>
        <translation>原因（必填）：</translation>
    </message>
    <message>
        <source>e.g. the February ledger was imported again after corrections</source>
        <translation>例如：2 月销售台账更正后已重新导入</translation>
    </message>
    <message>
        <source>A move back needs a reason.</source>
        <translation>退回须填写原因。</translation>
    </message>
    <message>
        <source>Move back to {target}</source>
        <translation>退回{target}</translation>
    </message>
</context>
<context>
    <name>NewCycleDialog</name>
    <message>
        <source>New appraisal cycle</source>
        <translation>新建考核周期</translation>
    </message>
    <message>
        <source>Scheme:</source>
        <translation>考核方案：</translation>
    </message>
    <message>
        <source>Period:</source>
        <translation>期间：</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>名称：</translation>
    </message>
    <message>
        <source>The cycle starts as a draft with the scheme&apos;s staff as participants. Opening it takes a snapshot of the scheme and the targets.</source>
        <translation>考核周期以草稿开始，参与人员为该方案适用角色的在职人员。开始考核时会保存方案和目标的快照。</translation>
    </message>
    <message>
        <source>Create</source>
        <translation>创建</translation>
    </message>
    <message>
        <source>weights add up to {total}, {off} short of 100</source>
        <translation>权重合计 {total}，还差 {off}</translation>
    </message>
    <message>
        <source>weights add up to {total}, {off} over 100</source>
        <translation>权重合计 {total}，超出 {off}</translation>
    </message>
    <message>
        <source>No scheme adds up to 100 yet.</source>
        <translation>目前没有权重合计为 100 的考核方案。</translation>
    </message>
    <message>
        <source>{type} · for {roles} · {items} items</source>
        <translation>{type} · 适用于{roles} · {items} 个考核项</translation>
    </message>
    <message>
        <source>{period} is not a period; write it like {example}</source>
        <translation>{period} 不是有效的期间；请按 {example} 的格式填写</translation>
    </message>
</context>
<context>
    <name>NewSchemeDialog</name>
    <message>
        <source>New scheme</source>
        <translation>新建考核方案</translation>
    </message>
    <message>
        <source>such as 销售代表季度考核方案（2027）</source>
        <translation>例如 销售代表季度考核方案（2027）</translation>
    </message>
    <message>
        <source>{name} (default)</source>
        <translation>{name}（默认）</translation>
    </message>
    <message>
        <source>The new scheme starts as a copy of the template: its items, rules, rater weights, grade bands and distribution. Edit it afterwards.</source>
        <translation>新方案复制所选模板的考核项、计分规则、评分人权重、等级分档和强制分布，之后再修改。</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Start from</source>
        <translation>模板</translation>
    </message>
</context>
<context>
    <name>Operation</name>
    <message>
        <source>Cancelling…</source>
        <translation>正在取消…</translation>
    </message>
    <message>
        <source>Working</source>
        <translation>正在处理</translation>
    </message>
    <message>
        <source>Working…</source>
        <translation>正在处理…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
</context>
<context>
    <name>OrgTree</name>
    <message>
        <source>All ({n})</source>
        <translation>全部（{n}）</translation>
    </message>
    <message>
        <source>{path}: {own} here, {total} with sub-units</source>
        <translation>{path}：本级 {own} 人，含下级共 {total} 人</translation>
    </message>
</context>
<context>
    <name>OverridesModel</name>
    <message>
        <source>Person</source>
        <translation>人员</translation>
    </message>
    <message>
        <source>Band</source>
        <translation>分档</translation>
    </message>
    <message>
        <source>Distributed</source>
        <translation>分布后</translation>
    </message>
    <message>
        <source>Final</source>
        <translation>最终</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>理由</translation>
    </message>
</context>
<context>
    <name>ParticipantPicker</name>
    <message>
        <source>Code or name</source>
        <translation>工号或姓名</translation>
    </message>
    <message>
        <source>Previous person (Alt+Up)</source>
        <translation>上一人 (Alt+Up)</translation>
    </message>
    <message>
        <source>Next person (Alt+Down)</source>
        <translation>下一人 (Alt+Down)</translation>
    </message>
    <message>
        <source>Person</source>
        <translation>人员</translation>
    </message>
</context>
<context>
    <name>ParticipantsDialog</name>
    <message>
        <source>Participants of {cycle}</source>
        <translation>{cycle} 的参与人员</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>工号</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>部门</translation>
    </message>
    <message>
        <source>Partial period</source>
        <translation>部分期间</translation>
    </message>
    <message>
        <source>Added by hand</source>
        <translation>手工加入</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>角色</translation>
    </message>
    <message>
        <source>Left on</source>
        <translation>离职日期</translation>
    </message>
    <message>
        <source>Filter by code, name or unit</source>
        <translation>按工号、姓名或部门筛选</translation>
    </message>
    <message>
        <source>Show people who left</source>
        <translation>显示已离职人员</translation>
    </message>
    <message>
        <source>Add →</source>
        <translation>加入 →</translation>
    </message>
    <message>
        <source>← Remove</source>
        <translation>← 移除</translation>
    </message>
    <message>
        <source>Read-only: participants can be changed only while the cycle is a draft or open; {cycle} is {state}.</source>
        <translation>只读：参与人员只能在考核周期处于草稿或进行中状态时修改；{cycle} 处于{state}状态。</translation>
    </message>
    <message>
        <source>Adding someone by hand asks for a reason; removing someone needs one. Every change is kept in the audit log.</source>
        <translation>手工加入人员时可填写原因；移除人员必须填写原因。每次修改都记入审计日志。</translation>
    </message>
    <message>
        <source>Participants: {count}</source>
        <translation>参与人员：{count} 人</translation>
    </message>
    <message>
        <source>Not in the cycle: {count}</source>
        <translation>未参与：{count} 人</translation>
    </message>
    <message>
        <source>Add to the cycle</source>
        <translation>加入考核周期</translation>
    </message>
    <message>
        <source>Why are {people} added by hand? (optional)</source>
        <translation>手工加入 {people} 的原因（选填）：</translation>
    </message>
    <message>
        <source>Remove from the cycle</source>
        <translation>从考核周期移除</translation>
    </message>
    <message>
        <source>Why are {people} removed from the cycle? (required)</source>
        <translation>将 {people} 移出考核周期的原因（必填）：</translation>
    </message>
    <message>
        <source>Removing a participant needs a reason; nobody was removed.</source>
        <translation>移除参与人员须填写原因；未移除任何人。</translation>
    </message>
</context>
<context>
    <name>Periods</name>
    <message>
        <source>Jan</source>
        <translation>1月</translation>
    </message>
    <message>
        <source>Feb</source>
        <translation>2月</translation>
    </message>
    <message>
        <source>Mar</source>
        <translation>3月</translation>
    </message>
    <message>
        <source>Apr</source>
        <translation>4月</translation>
    </message>
    <message>
        <source>May</source>
        <translation>5月</translation>
    </message>
    <message>
        <source>Jun</source>
        <translation>6月</translation>
    </message>
    <message>
        <source>Jul</source>
        <translation>7月</translation>
    </message>
    <message>
        <source>Aug</source>
        <translation>8月</translation>
    </message>
    <message>
        <source>Sep</source>
        <translation>9月</translation>
    </message>
    <message>
        <source>Oct</source>
        <translation>10月</translation>
    </message>
    <message>
        <source>Nov</source>
        <translation>11月</translation>
    </message>
    <message>
        <source>Dec</source>
        <translation>12月</translation>
    </message>
    <message>
        <source>Year</source>
        <translation>全年</translation>
    </message>
</context>
<context>
    <name>ProfileHistoryDialog</name>
    <message>
        <source>Seasonality from history: {who}</source>
        <translation>按历史生成季节系数：{who}</translation>
    </message>
    <message>
        <source>Sales of {who}</source>
        <translation>{who} 的销售额</translation>
    </message>
    <message>
        <source>Sales of the whole company</source>
        <translation>全公司的销售额</translation>
    </message>
    <message>
        <source>Past years</source>
        <translation>历史年份</translation>
    </message>
    <message>
        <source>History of</source>
        <translation>历史范围</translation>
    </message>
    <message>
        <source>Profile name</source>
        <translation>季节系数名称</translation>
    </message>
    <message>
        <source>Preview</source>
        <translation>预览</translation>
    </message>
    <message>
        <source>Save and assign</source>
        <translation>保存并应用</translation>
    </message>
    <message>
        <source>There are no sales lines yet to derive a profile from.</source>
        <translation>还没有销售明细，无法生成季节系数。</translation>
    </message>
    <message>
        <source>Company</source>
        <translation>全公司</translation>
    </message>
    <message>
        <source>Weights: each month&apos;s average revenue ÷ the average month ({years})</source>
        <translation>系数 = 各月平均销售额 ÷ 月平均销售额（{years}）</translation>
    </message>
</context>
<context>
    <name>RatingsModel</name>
    <message>
        <source>Self</source>
        <translation>本人</translation>
    </message>
    <message>
        <source>Supervisor</source>
        <translation>上级</translation>
    </message>
    <message>
        <source>Peer</source>
        <translation>同事</translation>
    </message>
    <message>
        <source>Skip-level</source>
        <translation>隔级</translation>
    </message>
    <message>
        <source>Outstanding</source>
        <translation>卓越</translation>
    </message>
    <message>
        <source>Good</source>
        <translation>良好</translation>
    </message>
    <message>
        <source>Meets expectations</source>
        <translation>合格</translation>
    </message>
    <message>
        <source>Needs improvement</source>
        <translation>待改进</translation>
    </message>
    <message>
        <source>Unsatisfactory</source>
        <translation>不合格</translation>
    </message>
    <message>
        <source>{name} ({role})</source>
        <translation>{name}（{role}）</translation>
    </message>
    <message>
        <source>R and the score are computed from the ratings</source>
        <translation>R 和得分由评分计算得出，不能直接修改</translation>
    </message>
    <message>
        <source>Rate the item in a rater&apos;s column</source>
        <translation>请在评分人所在的列中评分</translation>
    </message>
    <message>
        <source>Ratings cannot be changed now</source>
        <translation>现在不能修改评分</translation>
    </message>
    <message>
        <source>{item} is rated by {roles} only</source>
        <translation>“{item}”只由{roles}评分</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>考核项</translation>
    </message>
    <message>
        <source>Weight</source>
        <translation>权重</translation>
    </message>
    <message>
        <source>Score</source>
        <translation>得分</translation>
    </message>
    <message>
        <source>The item&apos;s rating R: the rater-weighted mean of the roles&apos; mean ratings</source>
        <translation>考核项评分 R：各评分人角色平均分按评分权重加权的平均值</translation>
    </message>
    <message>
        <source>The item&apos;s score: weight × R ÷ 5</source>
        <translation>考核项得分：权重 × R ÷ 5</translation>
    </message>
    <message>
        <source>{item}: rated by {roles}</source>
        <translation>{item}：由{roles}评分</translation>
    </message>
    <message>
        <source>Comment: {comment}</source>
        <translation>评语：{comment}</translation>
    </message>
    <message>
        <source>Scoring again…</source>
        <translation>正在重新计分…</translation>
    </message>
    <message>
        <source>Rate {cell}</source>
        <translation>评分 {cell}</translation>
    </message>
    <message>
        <source>{cell}: cleared</source>
        <translation>{cell}：已清除</translation>
    </message>
    <message>
        <source>{cell}: {rating} {level}</source>
        <translation>{cell}：{rating} {level}</translation>
    </message>
    <message>
        <source>Comment on {cell}</source>
        <translation>评语 {cell}</translation>
    </message>
</context>
<context>
    <name>RatingsTab</name>
    <message>
        <source>Code or name</source>
        <translation>工号或姓名</translation>
    </message>
    <message>
        <source>Previous person (Alt+Up)</source>
        <translation>上一人（Alt+↑）</translation>
    </message>
    <message>
        <source>Next person (Alt+Down)</source>
        <translation>下一人（Alt+↓）</translation>
    </message>
    <message>
        <source>Rater: code or name</source>
        <translation>评分人：工号或姓名</translation>
    </message>
    <message>
        <source>The role of the rater column to add</source>
        <translation>要添加的评分人列的角色</translation>
    </message>
    <message>
        <source>Add rater</source>
        <translation>添加评分人</translation>
    </message>
    <message>
        <source>Add a column for this rater in this role (it stays empty until rated)</source>
        <translation>为该评分人按此角色添加一列（评分前为空）</translation>
    </message>
    <message>
        <source>Levels</source>
        <translation>等级描述</translation>
    </message>
    <message>
        <source>5, 2 and 1 need a written example in the comment.</source>
        <translation>5、2、1 分须在评语中写明具体事例。</translation>
    </message>
    <message>
        <source>Comment</source>
        <translation>评语</translation>
    </message>
    <message>
        <source>A concrete example behind the rating</source>
        <translation>支持这一评分的具体事例</translation>
    </message>
    <message>
        <source>Save comment</source>
        <translation>保存评语</translation>
    </message>
    <message>
        <source>Edit comment</source>
        <translation>编辑评语</translation>
    </message>
    <message>
        <source>Clear rating</source>
        <translation>清除评分</translation>
    </message>
    <message>
        <source>Person</source>
        <translation>被考核人</translation>
    </message>
    <message>
        <source>Ratings cannot be changed while the cycle is {state}</source>
        <translation>考核周期处于{state}状态，不能修改评分</translation>
    </message>
    <message>
        <source>Read-only: the cycle is {state}</source>
        <translation>只读：考核周期{state}</translation>
    </message>
    <message>
        <source>This cycle has no participants.</source>
        <translation>此考核周期没有考核对象。</translation>
    </message>
    <message>
        <source>No cycle selected.</source>
        <translation>未选择考核周期。</translation>
    </message>
    <message>
        <source>manager {name}</source>
        <translation>上级 {name}</translation>
    </message>
    <message>
        <source>{rated} of {items} items rated</source>
        <translation>已评 {rated}/{items} 项</translation>
    </message>
    <message>
        <source>total {total} · grade {grade}</source>
        <translation>总分 {total} · 等级 {grade}</translation>
    </message>
    <message>
        <source>scoring…</source>
        <translation>计分中…</translation>
    </message>
    <message>
        <source>Weight</source>
        <translation>权重</translation>
    </message>
    <message>
        <source>Score</source>
        <translation>得分</translation>
    </message>
    <message>
        <source>Levels of {item}</source>
        <translation>等级描述：{item}</translation>
    </message>
    <message>
        <source>Choose a rating in the grid to see its comment.</source>
        <translation>在表格中选择一个评分以查看其评语。</translation>
    </message>
    <message>
        <source>Comment — {rater}</source>
        <translation>评语 — {rater}</translation>
    </message>
    <message>
        <source>{item}: not rated by {rater} yet.</source>
        <translation>{item}：{rater} 尚未评分。</translation>
    </message>
    <message>
        <source>{item}: {rating} {level}</source>
        <translation>{item}：{rating} {level}</translation>
    </message>
    <message>
        <source>Rate the cell first, then add its comment</source>
        <translation>请先评分，再添加评语</translation>
    </message>
    <message>
        <source>Comment saved</source>
        <translation>评语已保存</translation>
    </message>
    <message>
        <source>Choose the rater: a staff code or name</source>
        <translation>请选择评分人：工号或姓名</translation>
    </message>
    <message>
        <source>{name} rates themselves only as {role}</source>
        <translation>{name} 给自己评分时角色只能是“{role}”</translation>
    </message>
    <message>
        <source>{rater} already has a column</source>
        <translation>{rater} 已有一列</translation>
    </message>
    <message>
        <source>Added a column for {rater}</source>
        <translation>已为 {rater} 添加一列</translation>
    </message>
    <message>
        <source>Ratings</source>
        <translation>评分</translation>
    </message>
</context>
<context>
    <name>Refusals</name>
    <message>
        <source>{message} (allowed: {allowed})</source>
        <translation>{message}（允许：{allowed}）</translation>
    </message>
</context>
<context>
    <name>ReportsPage</name>
    <message>
        <source>Reports</source>
        <translation>报表</translation>
    </message>
    <message>
        <source>{cycle} ({state})</source>
        <translation>{cycle}（{state}）</translation>
    </message>
    <message>
        <source>No appraisal cycle yet. Create one on the Cycles page.</source>
        <translation>还没有考核周期。请先在“考核”页新建。</translation>
    </message>
    <message numerus="yes">
        <source>%n participant(s)</source>
        <translation>
            <numerusform>%n 人参加</numerusform>
        </translation>
    </message>
    <message>
        <source>Loading {cycle}…</source>
        <translation>正在读取 {cycle}…</translation>
    </message>
    <message>
        <source>Reading the cycle failed; see the log</source>
        <translation>读取考核周期失败，详见日志</translation>
    </message>
    <message>
        <source>Cancelled — press Refresh to read the cycle again</source>
        <translation>已取消 — 按“刷新”重新读取</translation>
    </message>
    <message>
        <source>Reading {cycle}…</source>
        <translation>正在读取 {cycle}…</translation>
    </message>
    <message numerus="yes">
        <source>%n people</source>
        <translation>
            <numerusform>%n 人</numerusform>
        </translation>
    </message>
    <message>
        <source>average total {mean}</source>
        <translation>平均总分 {mean}</translation>
    </message>
    <message>
        <source>results frozen at confirmation</source>
        <translation>结果为确认时冻结的数据</translation>
    </message>
    <message>
        <source>results scored from the data as it is now</source>
        <translation>结果按当前数据计分</translation>
    </message>
    <message>
        <source>Reading {metric} per month…</source>
        <translation>正在读取各月{metric}…</translation>
    </message>
    <message>
        <source>Export report workbook</source>
        <translation>导出考核报表</translation>
    </message>
    <message>
        <source>{cycle} report</source>
        <translation>{cycle} 考核报表</translation>
    </message>
    <message>
        <source>Excel workbooks ({patterns})</source>
        <translation>Excel 工作簿 ({patterns})</translation>
    </message>
    <message>
        <source>Writing the report workbook of {cycle}…</source>
        <translation>正在生成 {cycle} 的考核报表…</translation>
    </message>
    <message>
        <source>Wrote the report workbook {file}</source>
        <translation>已导出考核报表 {file}</translation>
    </message>
    <message>
        <source>Export pay sheet</source>
        <translation>导出绩效工资表</translation>
    </message>
    <message>
        <source>{cycle} pay sheet</source>
        <translation>{cycle} 绩效工资表</translation>
    </message>
    <message>
        <source>Writing the pay sheet of {cycle}…</source>
        <translation>正在生成 {cycle} 的绩效工资表…</translation>
    </message>
    <message>
        <source>Wrote the pay sheet {file}</source>
        <translation>已导出绩效工资表 {file}</translation>
    </message>
    <message>
        <source>Export PDF forms: choose a folder</source>
        <translation>导出考核表 PDF：选择文件夹</translation>
    </message>
    <message>
        <source>Export PDF forms</source>
        <translation>导出考核表 PDF</translation>
    </message>
    <message>
        <source>Writing the PDF forms of {cycle}…</source>
        <translation>正在生成 {cycle} 的考核表 PDF…</translation>
    </message>
    <message>
        <source>Wrote the PDF forms to {file}</source>
        <translation>已将考核表 PDF 导出到 {file}</translation>
    </message>
    <message>
        <source>Wrote {count} PDF forms to {file}</source>
        <translation>已将 {count} 份考核表 PDF 导出到 {file}</translation>
    </message>
    <message>
        <source>Export rating packets: choose a folder</source>
        <translation>导出评分包：选择文件夹</translation>
    </message>
    <message>
        <source>Export rating packets</source>
        <translation>导出评分包</translation>
    </message>
    <message>
        <source>Writing the rating packets of {cycle}…</source>
        <translation>正在生成 {cycle} 的评分包…</translation>
    </message>
    <message>
        <source>Wrote the rating packets to {file}</source>
        <translation>已将评分包导出到 {file}</translation>
    </message>
    <message>
        <source>Wrote {count} rating packets to {file}</source>
        <translation>已将 {count} 个评分包导出到 {file}</translation>
    </message>
    <message>
        <source>Export published rules</source>
        <translation>导出考核方案说明</translation>
    </message>
    <message>
        <source>{scheme} rules</source>
        <translation>{scheme}说明</translation>
    </message>
    <message>
        <source>PDF documents ({patterns})</source>
        <translation>PDF 文档 ({patterns})</translation>
    </message>
    <message>
        <source>Writing the rules of {scheme}…</source>
        <translation>正在生成{scheme}说明…</translation>
    </message>
    <message>
        <source>Wrote the published rules {file}</source>
        <translation>已导出考核方案说明 {file}</translation>
    </message>
    <message>
        <source>This export is not available in this version of SalesDesk.</source>
        <translation>此版本的 SalesDesk 尚不支持这项导出。</translation>
    </message>
    <message>
        <source>Choose a cycle first</source>
        <translation>请先选择考核周期</translation>
    </message>
    <message>
        <source>The export failed; see the log</source>
        <translation>导出失败，详见日志</translation>
    </message>
    <message>
        <source>Export cancelled; nothing was written</source>
        <translation>已取消导出，未写入任何文件</translation>
    </message>
    <message>
        <source>Open folder</source>
        <translation>打开文件夹</translation>
    </message>
    <message>
        <source>Report workbook…</source>
        <translation>考核报表…</translation>
    </message>
    <message>
        <source>The cycle&apos;s report workbook: summary, scorecards, teams, targets, distribution and development</source>
        <translation>本周期的考核报表：汇总、评分卡、团队、目标达成、分布与发展</translation>
    </message>
    <message>
        <source>Pay sheet…</source>
        <translation>绩效工资表…</translation>
    </message>
    <message>
        <source>One row per participant with grade, coefficient and performance pay</source>
        <translation>每位参加人一行：等级、系数与绩效工资</translation>
    </message>
    <message>
        <source>PDF forms…</source>
        <translation>考核表 PDF…</translation>
    </message>
    <message>
        <source>One appraisal form to sign per participant, into a folder</source>
        <translation>每位参加人一份待签字的绩效考核表，导出到文件夹</translation>
    </message>
    <message>
        <source>Rating packets…</source>
        <translation>评分包…</translation>
    </message>
    <message>
        <source>One rating workbook per rater to fill in offline, into a folder</source>
        <translation>每位评分人一个离线填写的评分工作簿，导出到文件夹</translation>
    </message>
    <message>
        <source>Published rules…</source>
        <translation>方案说明…</translation>
    </message>
    <message>
        <source>The scheme&apos;s rules as a document to hand to staff (考核方案说明)</source>
        <translation>考核方案说明：考核开始前发给员工的规则文档</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>Cycle</source>
        <translation>考核周期</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <source>Metric</source>
        <translation>指标</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>部门</translation>
    </message>
</context>
<context>
    <name>ResultsModel</name>
    <message>
        <source>{item}: score out of a weight of {weight}</source>
        <translation>{item}：得分（权重 {weight}）</translation>
    </message>
    <message>
        <source>Rank</source>
        <translation>排名</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>工号</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>部门</translation>
    </message>
    <message>
        <source>Bonus</source>
        <translation>加分</translation>
    </message>
    <message>
        <source>Deduction</source>
        <translation>扣分</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>总分</translation>
    </message>
    <message>
        <source>Band</source>
        <translation>分档</translation>
    </message>
    <message>
        <source>Distributed</source>
        <translation>分布后</translation>
    </message>
    <message>
        <source>Final</source>
        <translation>最终</translation>
    </message>
    <message>
        <source>Coefficient</source>
        <translation>系数</translation>
    </message>
    <message>
        <source>Performance pay</source>
        <translation>绩效工资</translation>
    </message>
    <message>
        <source>Warnings</source>
        <translation>提示</translation>
    </message>
    <message>
        <source>Calibrated from {grade}: {reason}</source>
        <translation>由 {grade} 校准调整：{reason}</translation>
    </message>
</context>
<context>
    <name>ResultsTab</name>
    <message>
        <source>Final grade</source>
        <translation>最终等级</translation>
    </message>
    <message>
        <source>Open scorecard</source>
        <translation>打开考核表</translation>
    </message>
    <message>
        <source>Adjust grade…</source>
        <translation>调整等级…</translation>
    </message>
    <message>
        <source>All</source>
        <translation>全部</translation>
    </message>
    <message>
        <source>With warnings</source>
        <translation>有提示的</translation>
    </message>
    <message>
        <source>No cycle selected. Create one with New cycle… to start an appraisal.</source>
        <translation>未选择考核周期。点“新建考核周期…”开始一次考核。</translation>
    </message>
    <message>
        <source>Scoring…</source>
        <translation>正在计分…</translation>
    </message>
    <message>
        <source>This cycle has no participants.</source>
        <translation>该考核周期没有参与人员。</translation>
    </message>
    <message numerus="yes">
        <source>%n people</source>
        <translation>
            <numerusform>%n 人</numerusform>
        </translation>
    </message>
    <message>
        <source>average total {mean}</source>
        <translation>平均总分 {mean}</translation>
    </message>
    <message numerus="yes">
        <source>%n with warnings</source>
        <translation>
            <numerusform>%n 人有提示</numerusform>
        </translation>
    </message>
    <message>
        <source>frozen at confirmation</source>
        <translation>确认时冻结的结果</translation>
    </message>
    <message numerus="yes">
        <source>%n with items nobody rated yet</source>
        <translation>
            <numerusform>%n 人有尚无人评分的考核项</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ResultsWarmUp</name>
    <message>
        <source>Preparing results</source>
        <translation>正在准备考核结果</translation>
    </message>
</context>
<context>
    <name>Roles</name>
    <message>
        <source>Sales rep</source>
        <translation>销售代表</translation>
    </message>
    <message>
        <source>Supervisor</source>
        <translation>销售主管</translation>
    </message>
    <message>
        <source>Sales support</source>
        <translation>销售支持</translation>
    </message>
    <message>
        <source>Director</source>
        <translation>销售总监</translation>
    </message>
</context>
<context>
    <name>RuleChart</name>
    <message>
        <source>Score</source>
        <translation>得分</translation>
    </message>
    <message>
        <source>The rule&apos;s parameters cannot be drawn</source>
        <translation>该计分规则的参数无法绘制</translation>
    </message>
    <message>
        <source>Achievement (%)</source>
        <translation>达成率（%）</translation>
    </message>
    <message>
        <source>Actual over the baseline</source>
        <translation>实际值超出基准的部分</translation>
    </message>
    <message>
        <source>Actual (points, 0–100)</source>
        <translation>实际值（0–100 分）</translation>
    </message>
</context>
<context>
    <name>SchemeItemsModel</name>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Weight</source>
        <translation>权重</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Metric</source>
        <translation>指标</translation>
    </message>
    <message>
        <source>Scope</source>
        <translation>范围</translation>
    </message>
    <message>
        <source>Rule</source>
        <translation>规则</translation>
    </message>
    <message>
        <source>Parameters</source>
        <translation>参数</translation>
    </message>
    <message>
        <source>{type} results</source>
        <translation>{type}考核结果</translation>
    </message>
    <message>
        <source>Type the parameters as {example}</source>
        <translation>参数的写法如：{example}</translation>
    </message>
    <message>
        <source>nothing (this rule has none)</source>
        <translation>无（此规则没有参数）</translation>
    </message>
    <message>
        <source>Edit {item} {column}</source>
        <translation>修改 {item} 的{column}</translation>
    </message>
    <message>
        <source>{n} value(s) refused; nothing was changed</source>
        <translation>{n} 个值被拒绝，未作任何修改</translation>
    </message>
    <message>
        <source>No scheme is selected</source>
        <translation>未选择考核方案</translation>
    </message>
    <message>
        <source>Undo or redo</source>
        <translation>撤销或重做</translation>
    </message>
    <message>
        <source>category</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>scope</source>
        <translation>范围</translation>
    </message>
    <message>
        <source>rule</source>
        <translation>计分规则</translation>
    </message>
    <message>
        <source>choose a rule first</source>
        <translation>请先选择计分规则</translation>
    </message>
    <message>
        <source>{what} is required</source>
        <translation>{what}不能为空</translation>
    </message>
    <message>
        <source>unknown {what}: {v}</source>
        <translation>未知的{what}：{v}</translation>
    </message>
    <message>
        <source>not a number</source>
        <translation>不是数字</translation>
    </message>
    <message>
        <source>not a number: {v}</source>
        <translation>不是数字：{v}</translation>
    </message>
    <message>
        <source>points ≥ 0 with at most 2 decimals, such as 25 or 7.5</source>
        <translation>≥ 0 且最多两位小数的分数，例如 25 或 7.5</translation>
    </message>
    <message>
        <source>metric is required</source>
        <translation>指标不能为空</translation>
    </message>
    <message>
        <source>unknown metric: {v}</source>
        <translation>未知指标：{v}</translation>
    </message>
    <message>
        <source>New item</source>
        <translation>新考核项</translation>
    </message>
    <message>
        <source>Add item {name}</source>
        <translation>添加考核项 {name}</translation>
    </message>
    <message>
        <source>Delete item {names}</source>
        <translation>删除考核项 {names}</translation>
    </message>
    <message>
        <source>Move item {name}</source>
        <translation>移动考核项 {name}</translation>
    </message>
</context>
<context>
    <name>SchemeLabels</name>
    <message>
        <source>Results</source>
        <translation>业绩结果</translation>
    </message>
    <message>
        <source>Customers &amp; process</source>
        <translation>客户与过程</translation>
    </message>
    <message>
        <source>Team</source>
        <translation>团队</translation>
    </message>
    <message>
        <source>Capability &amp; attitude</source>
        <translation>能力态度</translation>
    </message>
    <message>
        <source>Metric</source>
        <translation>指标</translation>
    </message>
    <message>
        <source>Rated</source>
        <translation>定性评价</translation>
    </message>
    <message>
        <source>Key tasks</source>
        <translation>重点工作</translation>
    </message>
    <message>
        <source>Period results</source>
        <translation>期间结果</translation>
    </message>
    <message>
        <source>Own</source>
        <translation>本人</translation>
    </message>
    <message>
        <source>Linear</source>
        <translation>线性</translation>
    </message>
    <message>
        <source>Interpolated</source>
        <translation>插值</translation>
    </message>
    <message>
        <source>Banded</source>
        <translation>分档</translation>
    </message>
    <message>
        <source>Threshold</source>
        <translation>达标</translation>
    </message>
    <message>
        <source>Per unit</source>
        <translation>按单位扣分</translation>
    </message>
    <message>
        <source>Direct</source>
        <translation>直接计分</translation>
    </message>
    <message>
        <source>Monthly</source>
        <translation>月度</translation>
    </message>
    <message>
        <source>Quarterly</source>
        <translation>季度</translation>
    </message>
    <message>
        <source>Annual</source>
        <translation>年度</translation>
    </message>
    <message>
        <source>Supervisor</source>
        <translation>上级</translation>
    </message>
    <message>
        <source>Peers</source>
        <translation>同事</translation>
    </message>
    <message>
        <source>Self</source>
        <translation>本人</translation>
    </message>
    <message>
        <source>Skip-level</source>
        <translation>隔级上级</translation>
    </message>
    <message>
        <source>Off</source>
        <translation>不启用</translation>
    </message>
    <message>
        <source>Advisory</source>
        <translation>提示</translation>
    </message>
    <message>
        <source>Enforce (caps S and A)</source>
        <translation>强制（限制 S 和 A 的人数）</translation>
    </message>
    <message>
        <source>S Outstanding</source>
        <translation>S 卓越</translation>
    </message>
    <message>
        <source>A Excellent</source>
        <translation>A 优秀</translation>
    </message>
    <message>
        <source>B Good</source>
        <translation>B 良好</translation>
    </message>
    <message>
        <source>C Needs improvement</source>
        <translation>C 待改进</translation>
    </message>
    <message>
        <source>D Unsatisfactory</source>
        <translation>D 不合格</translation>
    </message>
    <message>
        <source>floor</source>
        <translation>下限</translation>
    </message>
    <message>
        <source>cap</source>
        <translation>封顶</translation>
    </message>
    <message>
        <source>low</source>
        <translation>下限</translation>
    </message>
    <message>
        <source>high</source>
        <translation>上限</translation>
    </message>
    <message>
        <source>bonus</source>
        <translation>奖励</translation>
    </message>
    <message>
        <source>baseline</source>
        <translation>基准</translation>
    </message>
    <message>
        <source>unit</source>
        <translation>单位</translation>
    </message>
    <message>
        <source>points</source>
        <translation>扣分</translation>
    </message>
    <message>
        <source>, </source>
        <translation>，</translation>
    </message>
    <message>
        <source>{w}: not a number: {v}</source>
        <translation>{w}：不是数字：{v}</translation>
    </message>
    <message>
        <source>not a band: {v}</source>
        <translation>不是分档：{v}</translation>
    </message>
    <message>
        <source>bands as minimum achievement: fraction, such as 1.0: 1.0, 0.9: 0.8</source>
        <translation>分档写作 最低达成率: 得分比例，例如 1.0: 1.0，0.9: 0.8</translation>
    </message>
    <message>
        <source>rule {r} takes no parameters</source>
        <translation>计分规则“{r}”没有参数</translation>
    </message>
    <message>
        <source>not a parameter: {v}</source>
        <translation>不是参数：{v}</translation>
    </message>
    <message>
        <source>name and value, such as {example}</source>
        <translation>参数名和数值，例如 {example}</translation>
    </message>
    <message>
        <source>rule {r} has no parameter {p}</source>
        <translation>计分规则“{r}”没有参数 {p}</translation>
    </message>
    <message>
        <source>Weights add up to {t}, {d} short of 100: it cannot open a cycle</source>
        <translation>权重合计 {t}，距 100 还差 {d}：不能用于开启考核周期</translation>
    </message>
    <message>
        <source>Weights add up to {t}, {d} over 100: it cannot open a cycle</source>
        <translation>权重合计 {t}，超出 100 {d}：不能用于开启考核周期</translation>
    </message>
</context>
<context>
    <name>SchemeListModel</name>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>角色</translation>
    </message>
    <message>
        <source>Cycle type</source>
        <translation>周期</translation>
    </message>
    <message>
        <source>Used by</source>
        <translation>使用中</translation>
    </message>
    <message>
        <source>Used by {n} cycle(s); they keep the copy taken when they opened</source>
        <translation>被 {n} 个考核周期使用；这些周期保留开启时的方案副本</translation>
    </message>
</context>
<context>
    <name>SchemeSettingsPanel</name>
    <message>
        <source>Scheme</source>
        <translation>方案</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>角色</translation>
    </message>
    <message>
        <source>Applies to</source>
        <translation>适用于</translation>
    </message>
    <message>
        <source>Cycle type</source>
        <translation>周期类型</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>说明</translation>
    </message>
    <message>
        <source>Rater weights (add up to 100)</source>
        <translation>评分人权重（合计 100）</translation>
    </message>
    <message>
        <source>Grades and distribution</source>
        <translation>等级与强制分布</translation>
    </message>
    <message>
        <source>Grade</source>
        <translation>等级</translation>
    </message>
    <message>
        <source>Minimum total</source>
        <translation>最低总分</translation>
    </message>
    <message>
        <source>Coefficient</source>
        <translation>绩效系数</translation>
    </message>
    <message>
        <source>Share %</source>
        <translation>分布比例 %</translation>
    </message>
    <message>
        <source>Distribution</source>
        <translation>强制分布</translation>
    </message>
    <message>
        <source>Bonus cap (points)</source>
        <translation>加分上限（分）</translation>
    </message>
    <message>
        <source>Apply settings</source>
        <translation>应用设置</translation>
    </message>
    <message>
        <source>Revert</source>
        <translation>还原</translation>
    </message>
    <message>
        <source>Total {t}</source>
        <translation>合计 {t}</translation>
    </message>
    <message>
        <source>Bonus cap</source>
        <translation>加分上限</translation>
    </message>
</context>
<context>
    <name>SchemesPage</name>
    <message>
        <source>{what}: not a number: {v}</source>
        <translation>{what}：不是数字：{v}</translation>
    </message>
    <message>
        <source>Schemes</source>
        <translation>考核方案</translation>
    </message>
    <message>
        <source>New scheme…</source>
        <translation>新建方案…</translation>
    </message>
    <message>
        <source>Copy…</source>
        <translation>复制…</translation>
    </message>
    <message>
        <source>Rename…</source>
        <translation>重命名…</translation>
    </message>
    <message>
        <source>Delete scheme</source>
        <translation>删除方案</translation>
    </message>
    <message>
        <source>Import JSON…</source>
        <translation>导入 JSON…</translation>
    </message>
    <message>
        <source>Export JSON…</source>
        <translation>导出 JSON…</translation>
    </message>
    <message>
        <source>Add item</source>
        <translation>添加考核项</translation>
    </message>
    <message>
        <source>Delete item</source>
        <translation>删除考核项</translation>
    </message>
    <message>
        <source>Move up</source>
        <translation>上移</translation>
    </message>
    <message>
        <source>Move down</source>
        <translation>下移</translation>
    </message>
    <message>
        <source>Item details</source>
        <translation>考核项详情</translation>
    </message>
    <message>
        <source>Scheme settings</source>
        <translation>方案设置</translation>
    </message>
    <message>
        <source>No scheme</source>
        <translation>没有考核方案</translation>
    </message>
    <message>
        <source>used by {n} cycle(s)</source>
        <translation>被 {n} 个考核周期使用</translation>
    </message>
    <message>
        <source>Cycles keep the copy of the scheme taken when they opened; editing it changes only cycles opened later.</source>
        <translation>考核周期保留开启时的方案副本；修改方案只影响之后开启的周期。</translation>
    </message>
    <message>
        <source>Total {total} / 100</source>
        <translation>合计 {total} / 100</translation>
    </message>
    <message>
        <source>Total {total} / 100, {gap} short</source>
        <translation>合计 {total} / 100，还差 {gap}</translation>
    </message>
    <message>
        <source>Total {total} / 100, {gap} over</source>
        <translation>合计 {total} / 100，超出 {gap}</translation>
    </message>
    <message>
        <source>Select an item to see its rule</source>
        <translation>选择一个考核项查看其计分曲线</translation>
    </message>
    <message>
        <source>{name} · {rule}</source>
        <translation>{name} · {rule}</translation>
    </message>
    <message>
        <source>{name}: rated 1–5; score = weight × rating ÷ 5</source>
        <translation>{name}：按 1–5 评分；得分 = 权重 × 评分 ÷ 5</translation>
    </message>
    <message>
        <source>{name}: score = weight × weighted completion of the key tasks</source>
        <translation>{name}：得分 = 权重 × 重点工作的加权完成度</translation>
    </message>
    <message>
        <source>{name}: the mean of the confirmed {type} totals</source>
        <translation>{name}：已确认的{type}考核总分的平均值</translation>
    </message>
    <message>
        <source>Used by {n} cycle(s): it cannot be deleted</source>
        <translation>被 {n} 个考核周期使用，不能删除</translation>
    </message>
    <message>
        <source>New scheme {name}</source>
        <translation>新建方案 {name}</translation>
    </message>
    <message>
        <source>Copy scheme</source>
        <translation>复制方案</translation>
    </message>
    <message>
        <source>Name of the copy of {name}:</source>
        <translation>{name} 的副本名称：</translation>
    </message>
    <message>
        <source>{name} (copy)</source>
        <translation>{name}（副本）</translation>
    </message>
    <message>
        <source>Copy scheme {name}</source>
        <translation>复制方案 {name}</translation>
    </message>
    <message>
        <source>Added scheme {name}</source>
        <translation>已添加方案 {name}</translation>
    </message>
    <message>
        <source>Rename scheme</source>
        <translation>重命名方案</translation>
    </message>
    <message>
        <source>New name of {name}:</source>
        <translation>{name} 的新名称：</translation>
    </message>
    <message>
        <source>Rename {old} to {new}</source>
        <translation>将 {old} 重命名为 {new}</translation>
    </message>
    <message>
        <source>Renamed {old} to {new}</source>
        <translation>已将 {old} 重命名为 {new}</translation>
    </message>
    <message>
        <source>Delete the scheme {name}?</source>
        <translation>删除考核方案 {name}？</translation>
    </message>
    <message>
        <source>Delete scheme {name}</source>
        <translation>删除方案 {name}</translation>
    </message>
    <message>
        <source>Deleted scheme {name}</source>
        <translation>已删除方案 {name}</translation>
    </message>
    <message>
        <source>Import scheme</source>
        <translation>导入考核方案</translation>
    </message>
    <message>
        <source>Scheme JSON ({patterns})</source>
        <translation>考核方案 JSON（{patterns}）</translation>
    </message>
    <message>
        <source>A scheme named {name} exists. Replace it with the file&apos;s?</source>
        <translation>已存在名为 {name} 的考核方案。用文件中的方案替换它吗？</translation>
    </message>
    <message>
        <source>Import scheme {name}</source>
        <translation>导入方案 {name}</translation>
    </message>
    <message>
        <source>Imported scheme {name} from {file}</source>
        <translation>已从 {file} 导入方案 {name}</translation>
    </message>
    <message>
        <source>Export scheme</source>
        <translation>导出考核方案</translation>
    </message>
    <message>
        <source>Exported {name} to {file}</source>
        <translation>已将 {name} 导出到 {file}</translation>
    </message>
    <message>
        <source>Edit the details of {name}</source>
        <translation>修改 {name} 的详情</translation>
    </message>
    <message>
        <source>Saved the details of {name}</source>
        <translation>已保存 {name} 的详情</translation>
    </message>
    <message>
        <source>Edit the settings of {name}</source>
        <translation>修改 {name} 的设置</translation>
    </message>
    <message>
        <source>Saved the settings of {name}</source>
        <translation>已保存 {name} 的设置</translation>
    </message>
</context>
<context>
    <name>ScorecardDialog</name>
    <message>
        <source>◀ Previous</source>
        <translation>◀ 上一个</translation>
    </message>
    <message>
        <source>Next ▶</source>
        <translation>下一个 ▶</translation>
    </message>
    <message>
        <source>Scorecard — {code} {name}</source>
        <translation>考核表——{code} {name}</translation>
    </message>
    <message>
        <source>rank {rank} of {count}</source>
        <translation>排名 {rank} / {count}</translation>
    </message>
    <message>
        <source>frozen at confirmation</source>
        <translation>确认时冻结</translation>
    </message>
    <message>
        <source>Total {total} · final grade {grade} · coefficient {coefficient}</source>
        <translation>总分 {total} · 最终等级 {grade} · 系数 {coefficient}</translation>
    </message>
    <message>
        <source>performance pay {pay}</source>
        <translation>绩效工资 {pay}</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>考核项</translation>
    </message>
    <message>
        <source>Weight</source>
        <translation>权重</translation>
    </message>
    <message>
        <source>Actual</source>
        <translation>实绩</translation>
    </message>
    <message>
        <source>Target</source>
        <translation>目标</translation>
    </message>
    <message>
        <source>Achievement</source>
        <translation>达成率</translation>
    </message>
    <message>
        <source>Score</source>
        <translation>得分</translation>
    </message>
    <message>
        <source>Items</source>
        <translation>考核项</translation>
    </message>
    <message>
        <source>Sum of the items</source>
        <translation>考核项合计</translation>
    </message>
    <message>
        <source>Bonus</source>
        <translation>加分</translation>
    </message>
    <message>
        <source>Deduction</source>
        <translation>扣分</translation>
    </message>
    <message>
        <source>Veto</source>
        <translation>一票否决</translation>
    </message>
    <message>
        <source>yes — total 0, lowest grade</source>
        <translation>是——总分为 0，等级为最低</translation>
    </message>
    <message>
        <source>no</source>
        <translation>否</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>总分</translation>
    </message>
    <message>
        <source>Adjustments and total</source>
        <translation>加扣分与总分</translation>
    </message>
    <message>
        <source>Band</source>
        <translation>分档</translation>
    </message>
    <message>
        <source>Distributed</source>
        <translation>分布后</translation>
    </message>
    <message>
        <source>Final</source>
        <translation>最终</translation>
    </message>
    <message>
        <source>Calibrated to {grade}: {reason}</source>
        <translation>校准调整为 {grade}：{reason}</translation>
    </message>
    <message>
        <source>Coefficient {coefficient} · performance pay {pay}</source>
        <translation>系数 {coefficient} · 绩效工资 {pay}</translation>
    </message>
    <message>
        <source>Grade</source>
        <translation>等级</translation>
    </message>
    <message>
        <source>Other warnings</source>
        <translation>其他提示</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>备注</translation>
    </message>
</context>
<context>
    <name>StaffPage</name>
    <message>
        <source>Staff</source>
        <translation>人员</translation>
    </message>
    <message>
        <source>Add person</source>
        <translation>添加人员</translation>
    </message>
    <message>
        <source>Mark as left…</source>
        <translation>标记离职…</translation>
    </message>
    <message>
        <source>Import…</source>
        <translation>导入…</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <source>Add sub-unit…</source>
        <translation>添加下级部门…</translation>
    </message>
    <message>
        <source>Rename…</source>
        <translation>重命名…</translation>
    </message>
    <message>
        <source>Move to…</source>
        <translation>移动到…</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Organisation</source>
        <translation>组织架构</translation>
    </message>
    <message>
        <source>Added {code} {name}</source>
        <translation>已添加 {code} {name}</translation>
    </message>
    <message>
        <source>Mark {n} as left</source>
        <translation>将 {n} 人标记为离职</translation>
    </message>
    <message>
        <source>Mark as left</source>
        <translation>标记离职</translation>
    </message>
    <message>
        <source>{n} marked as left on {date}</source>
        <translation>{n} 人已标记为于 {date} 离职</translation>
    </message>
    <message>
        <source>{n} person(s) will be marked as left.</source>
        <translation>将有 {n} 人被标记为离职。</translation>
    </message>
    <message>
        <source>Leave date</source>
        <translation>离职日期</translation>
    </message>
    <message>
        <source>top level</source>
        <translation>顶层</translation>
    </message>
    <message>
        <source>Add sub-unit</source>
        <translation>添加下级部门</translation>
    </message>
    <message>
        <source>Name of the new unit under {where}:</source>
        <translation>{where}下新部门的名称：</translation>
    </message>
    <message>
        <source>Added unit {path}</source>
        <translation>已添加部门 {path}</translation>
    </message>
    <message>
        <source>Rename unit</source>
        <translation>重命名部门</translation>
    </message>
    <message>
        <source>New name of {path}:</source>
        <translation>{path} 的新名称：</translation>
    </message>
    <message>
        <source>Renamed {old} to {new}</source>
        <translation>已将 {old} 重命名为 {new}</translation>
    </message>
    <message>
        <source>Moved to {path}</source>
        <translation>已移动到 {path}</translation>
    </message>
    <message>
        <source>(top level)</source>
        <translation>（顶层）</translation>
    </message>
    <message>
        <source>Move unit</source>
        <translation>移动部门</translation>
    </message>
    <message>
        <source>Move {path} under:</source>
        <translation>将 {path} 移动到：</translation>
    </message>
    <message>
        <source>Deleted unit {path}</source>
        <translation>已删除部门 {path}</translation>
    </message>
    <message>
        <source>Import staff</source>
        <translation>导入人员</translation>
    </message>
    <message>
        <source>Workbooks ({patterns})</source>
        <translation>工作簿 ({patterns})</translation>
    </message>
    <message>
        <source>Checking {file}…</source>
        <translation>正在检查 {file}…</translation>
    </message>
    <message>
        <source>Imported {n} rows</source>
        <translation>已导入 {n} 行</translation>
    </message>
    <message>
        <source>Importing {file}…</source>
        <translation>正在导入 {file}…</translation>
    </message>
    <message>
        <source>Export staff</source>
        <translation>导出人员</translation>
    </message>
    <message>
        <source>staff.xlsx</source>
        <translation>人员名单.xlsx</translation>
    </message>
    <message>
        <source>Excel workbook (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <source>Exported {n} rows to {file}</source>
        <translation>已导出 {n} 行到 {file}</translation>
    </message>
</context>
<context>
    <name>StaffTableModel</name>
    <message>
        <source>Code</source>
        <translation>工号</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>角色</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>部门</translation>
    </message>
    <message>
        <source>Manager</source>
        <translation>上级</translation>
    </message>
    <message>
        <source>Hire date</source>
        <translation>入职日期</translation>
    </message>
    <message>
        <source>Leave date</source>
        <translation>离职日期</translation>
    </message>
    <message>
        <source>Pay base</source>
        <translation>绩效工资基数</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Edit {label}</source>
        <translation>编辑{label}</translation>
    </message>
    <message>
        <source>role is required</source>
        <translation>角色必填</translation>
    </message>
    <message>
        <source>pay base is required</source>
        <translation>绩效工资基数必填</translation>
    </message>
    <message>
        <source>an amount ≥ 0, such as 3,000</source>
        <translation>不小于 0 的金额，如 3,000</translation>
    </message>
    <message>
        <source>this column cannot be edited</source>
        <translation>此列不能编辑</translation>
    </message>
    <message>
        <source>an existing unit, such as {path}</source>
        <translation>已有的部门，如 {path}</translation>
    </message>
    <message>
        <source>unit is required</source>
        <translation>部门必填</translation>
    </message>
    <message>
        <source>no such unit: {v}</source>
        <translation>没有这个部门：{v}</translation>
    </message>
    <message>
        <source>no such manager</source>
        <translation>没有这名上级</translation>
    </message>
    <message>
        <source>a staff code such as S0012, or empty for none</source>
        <translation>工号，如 S0012；没有则留空</translation>
    </message>
    <message>
        <source>{v} names more than one person</source>
        <translation>{v} 对应不止一人</translation>
    </message>
    <message>
        <source>no such staff member: {v}</source>
        <translation>没有这名人员：{v}</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>在职</translation>
    </message>
    <message>
        <source>Left</source>
        <translation>已离职</translation>
    </message>
    <message>
        <source>Leaving {date}</source>
        <translation>将于 {date} 离职</translation>
    </message>
    <message>
        <source>Leave date: {date}</source>
        <translation>离职日期：{date}</translation>
    </message>
</context>
<context>
    <name>StateBar</name>
    <message>
        <source>Back to {state}…</source>
        <translation>退回{state}…</translation>
    </message>
    <message>
        <source>Open the cycle</source>
        <translation>开始考核</translation>
    </message>
    <message>
        <source>Start calibration</source>
        <translation>进入校准</translation>
    </message>
    <message>
        <source>Confirm results…</source>
        <translation>确认结果…</translation>
    </message>
    <message>
        <source>Close the cycle</source>
        <translation>关闭考核周期</translation>
    </message>
</context>
<context>
    <name>TargetsModel</name>
    <message>
        <source>Code / unit</source>
        <translation>工号 / 部门</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Jan</source>
        <translation>1月</translation>
    </message>
    <message>
        <source>Feb</source>
        <translation>2月</translation>
    </message>
    <message>
        <source>Mar</source>
        <translation>3月</translation>
    </message>
    <message>
        <source>Apr</source>
        <translation>4月</translation>
    </message>
    <message>
        <source>May</source>
        <translation>5月</translation>
    </message>
    <message>
        <source>Jun</source>
        <translation>6月</translation>
    </message>
    <message>
        <source>Jul</source>
        <translation>7月</translation>
    </message>
    <message>
        <source>Aug</source>
        <translation>8月</translation>
    </message>
    <message>
        <source>Sep</source>
        <translation>9月</translation>
    </message>
    <message>
        <source>Oct</source>
        <translation>10月</translation>
    </message>
    <message>
        <source>Nov</source>
        <translation>11月</translation>
    </message>
    <message>
        <source>Dec</source>
        <translation>12月</translation>
    </message>
    <message>
        <source>Q1</source>
        <translation>Q1</translation>
    </message>
    <message>
        <source>Q2</source>
        <translation>Q2</translation>
    </message>
    <message>
        <source>Q3</source>
        <translation>Q3</translation>
    </message>
    <message>
        <source>Q4</source>
        <translation>Q4</translation>
    </message>
    <message>
        <source>Year</source>
        <translation>全年</translation>
    </message>
    <message>
        <source>Gap</source>
        <translation>差额</translation>
    </message>
    <message>
        <source>Assigned year target − sum of the members&apos; targets</source>
        <translation>下达的全年目标 − 成员目标合计</translation>
    </message>
    <message>
        <source>Level inherited from the quarter or the year</source>
        <translation>沿用季度或全年的水平值</translation>
    </message>
    <message>
        <source>Assigned {a} · members {m} · gap {g}</source>
        <translation>下达 {a} · 成员合计 {m} · 差额 {g}</translation>
    </message>
    <message>
        <source>Left on {date}</source>
        <translation>已于 {date} 离职</translation>
    </message>
    <message>
        <source>Edit {label}</source>
        <translation>编辑 {label}</translation>
    </message>
    <message>
        <source>a percent ≥ 0, such as 95 or 95%</source>
        <translation>≥ 0 的百分比，如 95 或 95%</translation>
    </message>
    <message>
        <source>a number ≥ 0, such as 1,234.50</source>
        <translation>≥ 0 的数，如 1,234.50</translation>
    </message>
    <message>
        <source>this metric is not a percent: {v}</source>
        <translation>该指标不是百分比：{v}</translation>
    </message>
    <message>
        <source>not a number: {v}</source>
        <translation>不是数字：{v}</translation>
    </message>
    <message>
        <source>a target cannot be negative: {v}</source>
        <translation>目标值不能为负数：{v}</translation>
    </message>
</context>
<context>
    <name>TargetsPage</name>
    <message>
        <source>Targets</source>
        <translation>目标</translation>
    </message>
    <message>
        <source>Loading targets…</source>
        <translation>正在载入目标…</translation>
    </message>
    <message>
        <source>All</source>
        <translation>全部</translation>
    </message>
    <message>
        <source>Product line</source>
        <translation>产品线</translation>
    </message>
    <message>
        <source>Region</source>
        <translation>区域</translation>
    </message>
    <message>
        <source>Segment</source>
        <translation>客户群</translation>
    </message>
    <message>
        <source>People</source>
        <translation>人员</translation>
    </message>
    <message>
        <source>Units</source>
        <translation>部门</translation>
    </message>
    <message>
        <source>Decompose…</source>
        <translation>分解…</translation>
    </message>
    <message>
        <source>Fill down</source>
        <translation>向下填充</translation>
    </message>
    <message>
        <source>Fill right</source>
        <translation>向右填充</translation>
    </message>
    <message>
        <source>Seasonality</source>
        <translation>季节系数</translation>
    </message>
    <message>
        <source>Select a row</source>
        <translation>请选择一行</translation>
    </message>
    <message>
        <source>From history…</source>
        <translation>按历史…</translation>
    </message>
    <message>
        <source>Derive the weights from the revenue of past years and assign them</source>
        <translation>按往年销售额生成各月系数并应用</translation>
    </message>
    <message>
        <source>Even</source>
        <translation>平均</translation>
    </message>
    <message>
        <source>Set the 12 weights of the profile shown to 1</source>
        <translation>把当前季节系数的 12 个权重都设为 1</translation>
    </message>
    <message>
        <source>Reconciliation</source>
        <translation>上下对账</translation>
    </message>
    <message>
        <source>Year</source>
        <translation>年度</translation>
    </message>
    <message>
        <source>Metric</source>
        <translation>指标</translation>
    </message>
    <message>
        <source>Dimension</source>
        <translation>维度</translation>
    </message>
    <message>
        <source>Level</source>
        <translation>层级</translation>
    </message>
    <message>
        <source>Assigned {a} · members {m}</source>
        <translation>下达 {a} · 成员合计 {m}</translation>
    </message>
    <message>
        <source>No gaps</source>
        <translation>没有差额</translation>
    </message>
    <message>
        <source>Inherited: {name}</source>
        <translation>沿用：{name}</translation>
    </message>
    <message>
        <source>Even (default)</source>
        <translation>平均（默认）</translation>
    </message>
    <message>
        <source>Seasonality profile changed</source>
        <translation>已更改季节系数</translation>
    </message>
    <message>
        <source>Saved the weights of {name}</source>
        <translation>已保存 {name} 的权重</translation>
    </message>
    <message>
        <source>{name} is even again</source>
        <translation>{name} 已恢复为平均</translation>
    </message>
    <message>
        <source>Select a unit or a person first</source>
        <translation>请先选择一个部门或人员</translation>
    </message>
    <message>
        <source>Saved the seasonality profile {name} and assigned it</source>
        <translation>已保存季节系数 {name} 并应用</translation>
    </message>
    <message>
        <source>Filled {n} cell(s)</source>
        <translation>已填充 {n} 个单元格</translation>
    </message>
    <message>
        <source>Select a unit row to decompose its target</source>
        <translation>请选择一个部门行来分解其目标</translation>
    </message>
    <message>
        <source>Decompose</source>
        <translation>分解目标</translation>
    </message>
    <message>
        <source>Allocated to {n} month target(s)</source>
        <translation>已分配为 {n} 个月度目标</translation>
    </message>
</context>
<context>
    <name>Undo</name>
    <message>
        <source>{n} value(s) refused; nothing was changed</source>
        <translation>{n} 个值被拒绝，未做任何修改</translation>
    </message>
    <message>
        <source>Add {code} {name}</source>
        <translation>新增 {code} {name}</translation>
    </message>
    <message>
        <source>the unit no longer exists</source>
        <translation>该部门已不存在</translation>
    </message>
    <message>
        <source>Add unit {name}</source>
        <translation>新增部门 {name}</translation>
    </message>
    <message>
        <source>Delete unit {name}</source>
        <translation>删除部门 {name}</translation>
    </message>
    <message>
        <source>Rename unit {old} to {new}</source>
        <translation>将部门 {old} 重命名为 {new}</translation>
    </message>
    <message>
        <source>Move unit {name}</source>
        <translation>移动部门 {name}</translation>
    </message>
</context>
<context>
    <name>UnitTotalsChart</name>
    <message>
        <source>Mean total by unit</source>
        <translation>各部门平均总分</translation>
    </message>
    <message>
        <source>Mean total by unit (everybody: {mean})</source>
        <translation>各部门平均总分（全体 {mean}）</translation>
    </message>
    <message>
        <source>Mean total</source>
        <translation>平均总分</translation>
    </message>
    <message>
        <source>{unit} ({count})</source>
        <translation>{unit}（{count} 人）</translation>
    </message>
    <message>
        <source>Unit (people)</source>
        <translation>部门（人数）</translation>
    </message>
    <message>
        <source>Mean total (points)</source>
        <translation>平均总分（分）</translation>
    </message>
    <message>
        <source>{unit}: mean total {mean} over {count} people</source>
        <translation>{unit}：{count} 人，平均总分 {mean}</translation>
    </message>
</context>
<context>
    <name>WelcomeDialog</name>
    <message>
        <source>Welcome to SalesDesk</source>
        <translation>欢迎使用 SalesDesk</translation>
    </message>
    <message>
        <source>Targets, results and appraisals of your sales team, kept on this PC. How would you like to start?</source>
        <translation>销售团队的目标、业绩和考核，都保存在这台电脑上。您想如何开始？</translation>
    </message>
    <message>
        <source>Create a demo company</source>
        <translation>创建演示公司</translation>
    </message>
    <message>
        <source>A made-up company with {n} sales staff, targets and two years of sales, to try everything out.</source>
        <translation>一家虚构的公司，有 {n} 名销售人员、目标和两年的销售数据，供您试用全部功能。</translation>
    </message>
    <message>
        <source>Start empty</source>
        <translation>从空白开始</translation>
    </message>
    <message>
        <source>Enter your company&apos;s name and build up your own data.</source>
        <translation>输入公司名称，建立您自己的数据。</translation>
    </message>
    <message>
        <source>Open a database…</source>
        <translation>打开数据库…</translation>
    </message>
    <message>
        <source>Continue with a SalesDesk database file you already have.</source>
        <translation>继续使用已有的 SalesDesk 数据库文件。</translation>
    </message>
    <message>
        <source>Import staff from Excel…</source>
        <translation>从 Excel 导入人员…</translation>
    </message>
    <message>
        <source>Start with your staff list from an Excel workbook.</source>
        <translation>从 Excel 工作簿中的人员名单开始。</translation>
    </message>
    <message>
        <source>New data is kept in {path}</source>
        <translation>新数据保存在 {path}</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>退出</translation>
    </message>
    <message>
        <source>Demo company</source>
        <translation>演示公司</translation>
    </message>
    <message>
        <source>Creating the demo company</source>
        <translation>创建演示公司</translation>
    </message>
    <message>
        <source>Creating the demo company…</source>
        <translation>正在创建演示公司…</translation>
    </message>
    <message>
        <source>Your company&apos;s name:</source>
        <translation>贵公司名称：</translation>
    </message>
    <message>
        <source>Creating the database…</source>
        <translation>正在创建数据库…</translation>
    </message>
    <message>
        <source>Open a database</source>
        <translation>打开数据库</translation>
    </message>
    <message>
        <source>SalesDesk databases (*.db *.sqlite *.sqlite3)</source>
        <translation>SalesDesk 数据库 (*.db *.sqlite *.sqlite3)</translation>
    </message>
    <message>
        <source>All files (*)</source>
        <translation>所有文件 (*)</translation>
    </message>
    <message>
        <source>Import staff from Excel</source>
        <translation>从 Excel 导入人员</translation>
    </message>
    <message>
        <source>Workbooks (*.xlsx *.xls *.ods *.csv)</source>
        <translation>工作簿 (*.xlsx *.xls *.ods *.csv)</translation>
    </message>
    <message>
        <source>Import staff</source>
        <translation>导入人员</translation>
    </message>
    <message>
        <source>Importing {file}…</source>
        <translation>正在导入 {file}…</translation>
    </message>
</context>
<context>
    <name>messages</name>
    <message>
        <source>SalesDesk</source>
        <translation>SalesDesk</translation>
    </message>
    <message>
        <source>SalesDesk — unexpected error</source>
        <translation>SalesDesk — 意外错误</translation>
    </message>
    <message>
        <source>Something unexpected went wrong; nothing further was changed.
The details are in the log file in {folder}.</source>
        <translation>发生了意外错误，未做进一步修改。
详细信息见 {folder} 中的日志文件。</translation>
    </message>
</context>
</TS>
